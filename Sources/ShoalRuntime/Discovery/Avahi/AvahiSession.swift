internal import CAvahi
import Logging
import ShoalCrypto

/// The Avahi side of `AvahiDiscovery`: one client connection to avahi-daemon
/// with its entry group, service browser and resolvers, rebuilt whenever the
/// daemon goes away and comes back.
///
/// Every method below runs on Avahi's poll thread inside a callback (Avahi
/// holds the poll lock then), or on another thread holding that lock
/// (`start`), or after the poll thread has stopped (`stop`). Results leave as
/// values through `continuation`; nothing here calls into other code.
///
/// `@unchecked Sendable` because the poll lock (or the stopped poll thread)
/// is what serialises access to the mutable state, which the compiler cannot
/// see; the C callbacks reach the session through an unretained pointer, and
/// `stop()` joins the poll thread before the session can be released.
final class AvahiSession: @unchecked Sendable {
    let configuration: AvahiDiscovery.Configuration
    let logger: Logger
    private let continuation: AsyncStream<DiscoveryEvent>.Continuation
    private let poll: AvahiPollThread
    private var retryTimer: AvahiPollTimer?

    var client: AvahiClientHandle?
    /// Set when the client failed; it is released in the next timer callback,
    /// never inside its own callback.
    private var clientFailed = false
    var entryGroup: AvahiEntryGroupHandle?
    var browser: AvahiLookup?
    var resolvers: [ServiceInstance: AvahiLookup] = [:]

    var directory = DeviceDirectory()
    /// The service instance name, changed when another host already uses it.
    private(set) var serviceName: String
    /// Failures in a row, for the retry backoff; reset once running.
    private var failures = 0
    private var state: DiscoveryState?

    init(
        configuration: AvahiDiscovery.Configuration, logger: Logger,
        continuation: AsyncStream<DiscoveryEvent>.Continuation
    ) throws(DiscoveryError) {
        self.configuration = configuration
        self.logger = logger
        self.continuation = continuation
        self.serviceName = configuration.serviceName
        poll = try AvahiPollThread()
    }

    /// The pointer Avahi hands back to the callbacks.
    var context: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    /// The session behind a callback's `userdata`.
    static func from(_ context: UnsafeMutableRawPointer?) -> AvahiSession {
        Unmanaged<AvahiSession>.fromOpaque(context!).takeUnretainedValue()
    }

    // MARK: - Lifecycle

    /// Starts the poll thread and the first connection attempt.
    ///
    /// - Throws: `DiscoveryError.avahi` when the poll thread or its timer
    ///   cannot be created.
    func start() throws(DiscoveryError) {
        retryTimer = try AvahiPollTimer(
            poll: poll, callback: { _, context in AvahiSession.from(context).retryTimerFired() }, context: context)
        report(.starting)
        try poll.start()
        poll.withLock { reconcile() }
    }

    /// Stops the poll thread, then withdraws and frees everything.
    func stop() {
        poll.stop()
        releaseClient()
        retryTimer = nil
        report(.stopped)
        continuation.finish()
    }

    // MARK: - Bringing the client to the wanted state

    /// Connects if there is no client, then browses and publishes once the
    /// daemon runs. Called on every client state change and retry.
    func reconcile() {
        guard !clientFailed else { return }
        if client == nil {
            do {
                client = try AvahiClientHandle(
                    poll: poll,
                    callback: { pointer, _, context in AvahiSession.from(context).clientChanged(pointer) },
                    context: context)
            } catch {
                retry("cannot reach avahi-daemon through the system D-Bus: \(error)")
                return
            }
        }
        guard let client else { return }
        switch client.state {
        case AVAHI_CLIENT_S_RUNNING:
            guard ensureBrowsing(client), ensurePublished(client) else { return }
            failures = 0
            report(.running)
        case AVAHI_CLIENT_S_REGISTERING, AVAHI_CLIENT_S_COLLISION:
            // The daemon is (re)establishing its host name: withdraw our
            // service until it runs again; browsing may go on.
            entryGroup?.reset()
            _ = ensureBrowsing(client)
        case AVAHI_CLIENT_CONNECTING:
            report(.unavailable("avahi-daemon is not running; waiting for it to start"))
        case AVAHI_CLIENT_FAILURE:
            handleClientFailure(errorCode: client.errorCode)
        default:
            break
        }
    }

    private func ensureBrowsing(_ client: AvahiClientHandle) -> Bool {
        guard browser == nil else { return true }
        do {
            browser = try AvahiLookup(
                browsing: configuration.serviceType, client: client,
                callback: { pointer, interface, ipProtocol, event, name, type, domain, _, context in
                    AvahiSession.from(context).browserEvent(
                        pointer, event, interface: interface, ipProtocol: ipProtocol, name: name, type: type,
                        domain: domain)
                }, context: context)
            return true
        } catch {
            retry("cannot browse for \(configuration.serviceType): \(error)")
            return false
        }
    }

    private func ensurePublished(_ client: AvahiClientHandle) -> Bool {
        guard let port = configuration.port else { return true }
        do {
            if entryGroup == nil {
                entryGroup = try AvahiEntryGroupHandle(
                    client: client,
                    callback: { pointer, state, context in
                        AvahiSession.from(context).entryGroupChanged(pointer, state)
                    }, context: context)
            }
            guard let entryGroup, entryGroup.isEmpty else { return true }
            try publish(on: entryGroup, port: port)
            return true
        } catch {
            entryGroup?.reset()
            retry("cannot publish \(configuration.serviceType) on port \(port): \(error)")
            return false
        }
    }

    /// Adds our service to the empty `group`, moving to an alternative name
    /// while the daemon says the name is taken locally.
    private func publish(on group: AvahiEntryGroupHandle, port: UInt16) throws(DiscoveryError) {
        let txt = ServiceAnnouncement(deviceID: configuration.deviceID, deviceName: configuration.deviceName)
            .txtStrings
        for _ in 0..<Self.maximumRenames {
            do {
                try group.publishService(name: serviceName, type: configuration.serviceType, port: port, txt: txt)
                logger.debug("Publishing \(configuration.serviceType) as '\(serviceName)' on port \(port)")
                return
            } catch .avahi(_, let code, _) where code == AVAHI_ERR_COLLISION {
                group.reset()
                moveToAlternativeName()
            }
        }
        throw .avahi(call: "avahi_entry_group_add_service_strlst", code: AVAHI_ERR_COLLISION)
    }

    /// How many alternative names to try in a row before backing off.
    private static let maximumRenames = 16

    func moveToAlternativeName() {
        let old = serviceName
        if let alternative = avahi_alternative_service_name(old) {
            serviceName = String(cString: alternative)
            avahi_free(alternative)
        }
        logger.notice("The service name '\(old)' is taken on the network; publishing as '\(serviceName)'")
    }

    // MARK: - Failures and retries

    private func handleClientFailure(errorCode: Int) {
        clientFailed = true
        emit(directory.removeAll())
        if errorCode == AVAHI_ERR_DISCONNECTED {
            retry("lost the connection to avahi-daemon")
        } else {
            retry("the connection to avahi-daemon failed: \(AvahiErrorText.message(errorCode))")
        }
    }

    /// Reports why discovery does not work and tries again after the backoff.
    func retry(_ reason: String) {
        failures += 1
        let delay = configuration.retryBackoff.delay(afterFailures: failures)
        report(.unavailable("\(reason); retrying in \(Self.text(delay))"))
        retryTimer?.arm(after: delay)
    }

    /// `delay` as seconds for messages, such as `0.25 s`.
    static func text(_ delay: Duration) -> String {
        let milliseconds = delay.components.seconds * 1000 + delay.components.attoseconds / 1_000_000_000_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(Double(milliseconds) / 1000) s"
    }

    private func retryTimerFired() {
        if clientFailed {
            releaseClient()
            clientFailed = false
        }
        reconcile()
    }

    /// Frees everything made on the client, then the client itself.
    private func releaseClient() {
        resolvers.removeAll()
        browser = nil
        entryGroup = nil
        client = nil
        emit(directory.removeAll())
    }

    // MARK: - Output

    /// Reports a new state. The log gets one line when discovery stops
    /// working and one when it works again, not one per retry.
    private func report(_ new: DiscoveryState) {
        guard new != state else { return }
        let wasUnavailable = if case .unavailable = state { true } else { false }
        state = new
        switch new {
        case .unavailable(let reason) where !wasUnavailable:
            logger.warning(
                """
                mDNS discovery unavailable: \(reason). Is avahi-daemon installed and running \
                (apt install avahi-daemon; systemctl start avahi-daemon)? Peers with configured \
                addresses still connect; Shoal keeps retrying quietly.
                """)
        case .running where wasUnavailable:
            logger.info("mDNS discovery works again")
        default:
            logger.debug("mDNS discovery \(new)")
        }
        continuation.yield(.stateChanged(new))
    }

    func emit(_ events: [DiscoveryEvent]) {
        for event in events {
            continuation.yield(event)
        }
    }
}
