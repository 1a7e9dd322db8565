public import ShoalModel

/// Why bytes from a peer are not a valid message. Any of these closes the
/// connection; the description names the field and the rule it breaks.
public enum MessageDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The message ended inside `field`.
    case truncated(field: String, needed: Int, available: Int)
    /// A length or count in `field` is over the protocol's limit.
    case limitExceeded(field: String, count: Int, limit: Int)
    /// `field` holds a value the protocol does not allow.
    case invalidValue(field: String, reason: String)
    /// A path in `field` is not a valid relative path.
    case invalidPath(field: String, PathError)
    /// The message type byte is not one this version knows.
    case unknownMessageType(UInt8)
    /// Bytes are left over after a complete message.
    case trailingBytes(message: String, count: Int)

    public var description: String {
        switch self {
        case .truncated(let field, let needed, let available):
            "message ends inside \(field): it needs \(needed) more bytes, \(available) are left"
        case .limitExceeded(let field, let count, let limit):
            "\(field) is \(count), over the protocol's limit of \(limit)"
        case .invalidValue(let field, let reason):
            "\(field) is invalid: \(reason)"
        case .invalidPath(let field, let error):
            "\(field) is not an acceptable path: \(error)"
        case .unknownMessageType(let type):
            "unknown message type \(type)"
        case .trailingBytes(let message, let count):
            "\(count) unexpected bytes after a complete \(message) message"
        }
    }
}

/// Why a message cannot be put on the wire: it breaks a protocol limit or
/// holds a value the wire form cannot carry. This is a bug or a missing
/// split on the sending side, never the peer's fault.
public enum MessageEncodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A length or count in `field` is over the protocol's limit.
    case limitExceeded(field: String, count: Int, limit: Int)
    /// `field` holds a value the wire form cannot carry.
    case invalidValue(field: String, reason: String)

    public var description: String {
        switch self {
        case .limitExceeded(let field, let count, let limit):
            "cannot encode: \(field) is \(count), over the protocol's limit of \(limit)"
        case .invalidValue(let field, let reason):
            "cannot encode: \(field) is invalid: \(reason)"
        }
    }
}
