import NIOCore
import NIOPosix
import Synchronization
public import ShoalCrypto

/// Accepts connections from trusted peers.
///
/// Every accepted connection must finish its handshake and `Hello` within
/// `handshakeTimeout`; at most `maxUnauthenticatedConnections` may be in
/// their handshake at once (admitting another drops the oldest). A
/// connection that fails is closed with one log line; the listener and the
/// other connections carry on. Safe to use from any task.
public final class PeerListener: Sendable {
    private let server: NIOAsyncChannel<SecureChannel.Pending, Never>
    private let configuration: TransportConfiguration
    private let slots: HandshakeSlots
    private let trust: TrustedSet

    /// The port the listener is bound to (useful after binding port 0).
    public let port: Int

    private init(
        server: NIOAsyncChannel<SecureChannel.Pending, Never>, configuration: TransportConfiguration, slots: HandshakeSlots,
        trust: TrustedSet
    ) {
        self.server = server
        self.configuration = configuration
        self.slots = slots
        self.trust = trust
        port = server.channel.localAddress?.port ?? 0
    }

    /// Binds `host:port` (port 0 picks a free one) and starts accepting;
    /// handshakes run at once, `run` hands out the established connections.
    ///
    /// - Throws: the socket's error when the address cannot be bound.
    public static func bind(
        host: String, port: Int, trustedPeers: Set<DeviceID>, configuration: TransportConfiguration
    ) async throws -> PeerListener {
        let slots = HandshakeSlots(limit: configuration.maxUnauthenticatedConnections)
        let trust = TrustedSet(trustedPeers)
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try SecureChannel.install(
                        on: channel, role: .responder, trustedPeers: trust.current, configuration: configuration,
                        slots: slots)
                }
            }
        return PeerListener(server: server, configuration: configuration, slots: slots, trust: trust)
    }

    /// How many accepted connections are still in their handshake.
    public var unauthenticatedConnectionCount: Int { slots.count }

    /// Replaces the set of trusted devices for connections accepted from now on.
    public func updateTrustedPeers(_ peers: Set<DeviceID>) {
        trust.update(peers)
    }

    /// Hands each established connection to `handler`, each in its own
    /// child task, until the listener is closed or the task is cancelled.
    /// Connections whose handshake fails never reach `handler`.
    public func run(_ handler: @escaping @Sendable (PeerConnection) async -> Void) async throws {
        let configuration = self.configuration
        try await server.executeThenClose { accepted in
            try await withThrowingDiscardingTaskGroup { group in
                for try await pending in accepted {
                    group.addTask {
                        // A failed handshake was logged by the handler already.
                        try? await SecureChannel.run(pending, configuration: configuration) { connection in
                            await handler(connection)
                        }
                    }
                }
            }
        }
    }

    /// Stops accepting; connections already handed out carry on.
    public func close() async {
        try? await server.channel.close()
    }
}

/// The devices a listener accepts, replaceable while it runs.
final class TrustedSet: Sendable {
    private let peers: Mutex<Set<DeviceID>>

    init(_ peers: Set<DeviceID>) {
        self.peers = Mutex(peers)
    }

    var current: Set<DeviceID> { peers.withLock { $0 } }

    func update(_ newPeers: Set<DeviceID>) {
        peers.withLock { $0 = newPeers }
    }
}
