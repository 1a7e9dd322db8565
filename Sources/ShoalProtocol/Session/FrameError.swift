public import ShoalCrypto

/// Why an encrypted frame from the peer was refused. Each closes the
/// connection; the description is the log line's reason.
public enum FrameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The length prefix announces more than the protocol allows.
    case tooLarge(length: UInt32, limit: Int)
    /// The length prefix announces less than an empty message takes.
    case tooSmall(length: UInt32)
    /// The frame failed authentication or came after the final one.
    case decryption(SecretStreamError)
    /// The frame decrypted, but the message inside is malformed.
    case malformedMessage(MessageDecodingError)

    public var description: String {
        switch self {
        case .tooLarge(let length, let limit):
            "frame length prefix \(length) is over the limit of \(limit) bytes"
        case .tooSmall(let length):
            "frame length prefix \(length) is below the minimum of \(FrameOpener.minimumSealedBytes) bytes"
        case .decryption(let error):
            "\(error)"
        case .malformedMessage(let error):
            "malformed message: \(error)"
        }
    }
}
