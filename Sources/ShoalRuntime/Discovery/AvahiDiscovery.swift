public import Logging
public import ShoalCrypto
import Synchronization

/// mDNS/DNS-SD discovery through the system's avahi-daemon (libavahi-client).
///
/// Publishes this device as a `_shoal._tcp` service on the listening port with
/// TXT strings `id=<device ID>` and `name=<device name>`, browses for the same
/// type, resolves each service to its addresses and port, and reports every
/// other device (never this one) as `DiscoveryEvent`s. Services without a
/// valid `id` are ignored with a log line.
///
/// It copes with avahi-daemon going away: it reports
/// `.stateChanged(.unavailable(reason))`, forgets what it found, and
/// reconnects with a bounded backoff, then publishes and browses again. A
/// service name already taken by another host is replaced by Avahi's
/// alternative (`name #2`).
///
/// Avahi runs its own thread; all results are handed out as values through
/// `events`. `start()` and `stop()` may be called from any thread.
public final class AvahiDiscovery: Discovery {
    /// The DNS-SD service type Shoal publishes and browses.
    public static let serviceType = "_shoal._tcp"

    /// What to announce and how to retry.
    public struct Configuration: Sendable {
        /// This device's ID, published in TXT `id` and used to ignore our own service.
        public var deviceID: DeviceID
        /// This device's name, published in TXT `name` and as the service instance name.
        public var deviceName: String
        /// The TCP port to announce, or `nil` to browse without publishing.
        public var port: UInt16?
        /// The service type; tests may use their own to keep apart.
        public var serviceType: String
        /// The waits between attempts while avahi-daemon cannot be used.
        public var retryBackoff: RetryBackoff

        /// Creates a configuration.
        public init(
            deviceID: DeviceID, deviceName: String, port: UInt16?, serviceType: String = AvahiDiscovery.serviceType,
            retryBackoff: RetryBackoff = RetryBackoff()
        ) {
            self.deviceID = deviceID
            self.deviceName = deviceName
            self.port = port
            self.serviceType = serviceType
            self.retryBackoff = retryBackoff
        }

        /// The DNS-SD instance name: the device name cut to one DNS label,
        /// or the short device ID when the name is empty.
        var serviceName: String {
            let name = ServiceAnnouncement.truncated(
                deviceName, toUTF8Bytes: ServiceAnnouncement.maximumServiceNameLength)
            return name.isEmpty ? "Shoal \(deviceID.shortID)" : name
        }
    }

    private enum Phase {
        case idle
        case running(AvahiSession)
        case stopped
    }

    /// `mdns`.
    public let methodName = "mdns"
    /// See `Discovery.events`.
    public let events: AsyncStream<DiscoveryEvent>
    private let continuation: AsyncStream<DiscoveryEvent>.Continuation
    private let configuration: Configuration
    private let logger: Logger
    private let phase = Mutex(Phase.idle)

    /// Creates the method; nothing happens until `start()`.
    public init(configuration: Configuration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        (events, continuation) = AsyncStream.makeStream(of: DiscoveryEvent.self)
    }

    deinit {
        stop()
    }

    /// Starts Avahi's thread and connects to avahi-daemon. A missing daemon
    /// is not an error: the method reports `.unavailable` and keeps retrying.
    ///
    /// - Throws: `DiscoveryError.alreadyStarted` on a second call or after `stop()`;
    ///   `DiscoveryError.avahi` when Avahi cannot create its thread.
    public func start() throws(DiscoveryError) {
        try phase.withLock { phase throws(DiscoveryError) in
            guard case .idle = phase else { throw .alreadyStarted(method: methodName) }
            let session = try AvahiSession(configuration: configuration, logger: logger, continuation: continuation)
            try session.start()
            phase = .running(session)
        }
    }

    /// Withdraws the service, stops Avahi's thread, reports `.stopped` and
    /// ends `events`. Must not be called from inside Avahi's thread (it never
    /// runs outside code, so this only matters to Avahi itself).
    public func stop() {
        phase.withLock { phase in
            switch phase {
            case .idle:
                continuation.yield(.stateChanged(.stopped))
                continuation.finish()
            case .running(let session):
                session.stop()
            case .stopped:
                return
            }
            phase = .stopped
        }
    }
}
