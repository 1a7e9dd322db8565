public import Logging
public import ShoalCrypto
public import ShoalProtocol

/// Settings shared by the listener and outgoing connections.
public struct TransportConfiguration: Sendable {
    /// This device's identity, which signs handshakes.
    public var identity: DeviceIdentity
    /// The `Hello` this device sends after the handshake.
    public var hello: Hello
    /// A connection whose handshake and `Hello` exchange are not done by
    /// then is closed.
    public var handshakeTimeout: Duration
    /// The most accepted connections that may be unauthenticated at once;
    /// beyond it the oldest is dropped, so idle connections cannot crowd
    /// out real peers, whose handshakes take milliseconds.
    public var maxUnauthenticatedConnections: Int
    /// The most decoded messages buffered for a slow reader before the
    /// connection stops reading from its socket.
    public var inboundBufferMessages: Int
    /// Bytes queued for the socket above which `send` waits.
    public var outboundBufferBytes: Int
    /// Whether block responses are hashed and checked against their request
    /// as they arrive (on the reading task). Leave on unless the caller
    /// checks them itself (`BlockRequest.verifiedData(from:)`).
    public var verifiesBlockResponses = true
    /// Checks index batches as they arrive.
    public var authenticator: any IndexBatchAuthenticator
    /// Where each closed connection logs its one line.
    public var logger: Logger

    /// Creates a configuration with the defaults used by the daemon.
    public init(
        identity: DeviceIdentity, hello: Hello, handshakeTimeout: Duration = .seconds(10),
        maxUnauthenticatedConnections: Int = 64, inboundBufferMessages: Int = 8, outboundBufferBytes: Int = 4 << 20,
        authenticator: any IndexBatchAuthenticator = SignedIndexBatches(), logger: Logger = Logger(label: "shoal.transport")
    ) {
        self.identity = identity
        self.hello = hello
        self.handshakeTimeout = handshakeTimeout
        self.maxUnauthenticatedConnections = maxUnauthenticatedConnections
        self.inboundBufferMessages = inboundBufferMessages
        self.outboundBufferBytes = outboundBufferBytes
        self.authenticator = authenticator
        self.logger = logger
    }
}
