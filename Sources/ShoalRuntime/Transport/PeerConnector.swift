import NIOCore
import NIOPosix
public import ShoalCrypto

/// Opens connections to peers.
public enum PeerConnector {
    /// Connects to `host:port`, runs the handshake expecting the device
    /// `peer` (any other device is refused before this side proves who it
    /// is), exchanges `Hello`, and runs `body` with the connection. The
    /// connection is closed when `body` returns or throws.
    ///
    /// - Throws: the socket's error when the connection cannot be made, or
    ///   `PeerConnectionError` when the handshake fails or times out.
    public static func connect<Result: Sendable>(
        host: String, port: Int, expecting peer: DeviceID, configuration: TransportConfiguration,
        _ body: (PeerConnection) async throws -> Result
    ) async throws -> Result {
        let pending = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .connectTimeout(TimeAmount(configuration.handshakeTimeout))
            .connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try SecureChannel.install(
                        on: channel, role: .initiator, trustedPeers: [peer], configuration: configuration, slots: nil)
                }
            }
        return try await SecureChannel.run(pending, configuration: configuration, body: body)
    }
}
