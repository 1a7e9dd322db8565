public import ShoalCrypto
public import ShoalProtocol

/// An authenticated, encrypted connection to a trusted peer, after the
/// handshake and the `Hello` exchange. Valid inside the closure it is passed
/// to; the connection is closed when that closure returns.
public struct PeerConnection {
    /// The peer's device ID, proven in the handshake.
    public let peer: DeviceID
    /// The peer's `Hello`.
    public let peerHello: Hello
    /// The protocol version both sides speak on this connection.
    public let protocolVersion: UInt16
    /// The peer's address, `host:port`, for logs.
    public let remoteAddress: String
    /// What the peer sends (iterate once).
    public let inbound: PeerInbound
    /// Sends to the peer; may be shared with other tasks.
    public let outbound: PeerOutbound
}
