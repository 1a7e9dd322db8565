public import ShoalProtocol

/// Why a peer connection was closed by this side. The description is the
/// reason in the connection's one log line.
public enum PeerConnectionError: Error, Sendable, CustomStringConvertible {
    /// The handshake failed (not Shoal, untrusted device, bad signature…).
    case handshake(HandshakeError)
    /// The handshake did not finish in time.
    case handshakeTimeout(Duration)
    /// Dropped to make room: too many connections were still unauthenticated.
    case tooManyUnauthenticated(limit: Int)
    /// The peer closed the connection before the session was established.
    case closedDuringHandshake
    /// An encrypted frame was refused (tampered, replayed, too large…).
    case frame(FrameError)
    /// The connection ended without the peer's `Close`: cut or truncated.
    case truncated
    /// The first message after the handshake was not `Hello`.
    case helloExpected(received: String)
    /// A second `Hello` arrived.
    case unexpectedHello
    /// The two devices share no protocol version.
    case versionMismatch(VersionNegotiationError)
    /// An index batch did not verify.
    case invalidIndexBatch(IndexBatchError)
    /// A block response does not match its request.
    case badBlockResponse(BlockVerificationError)
    /// A response answers no request in flight.
    case unknownResponse(id: UInt32)
    /// A message to send breaks a protocol limit (a bug on this side).
    case encoding(MessageEncodingError)
    /// The connection is already closed.
    case closed
    /// The socket failed.
    case connection(String)

    public var description: String {
        switch self {
        case .handshake(let error): "handshake failed: \(error)"
        case .handshakeTimeout(let limit): "handshake did not finish within \(limit)"
        case .tooManyUnauthenticated(let limit): "too many unauthenticated connections (limit \(limit)); dropped the oldest"
        case .closedDuringHandshake: "the peer closed the connection during the handshake"
        case .frame(let error): "bad frame: \(error)"
        case .truncated: "the connection ended without a Close message (cut or truncated)"
        case .helloExpected(let received): "expected Hello as the first message, received \(received)"
        case .unexpectedHello: "a second Hello arrived"
        case .versionMismatch(let error): "\(error)"
        case .invalidIndexBatch(let error): "invalid index batch: \(error)"
        case .badBlockResponse(let error): "bad block response: \(error)"
        case .unknownResponse(let id): "response \(id) answers no request in flight"
        case .encoding(let error): "\(error)"
        case .closed: "the connection is closed"
        case .connection(let reason): "connection error: \(reason)"
        }
    }
}
