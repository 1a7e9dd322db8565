import ShoalCrypto

/// Reads the peer's encrypted frames: checks each length prefix against the
/// protocol's limit before anything is buffered, then authenticates,
/// decrypts and decodes the message.
///
/// Frames must be opened in the order they were sent; a changed, dropped,
/// reordered or replayed frame fails authentication. Not thread-safe.
public final class FrameOpener {
    /// The fewest sealed bytes a frame holds: a message type byte and the overhead.
    public static let minimumSealedBytes = 1 + SecretStreamSealer.overhead
    /// The most sealed bytes a frame may hold.
    public static let maximumSealedBytes = WireLimits.maxFrameBytes + SecretStreamSealer.overhead

    private let stream: SecretStreamOpener
    /// The codec for incoming messages.
    public var codec = MessageCodec()

    init(stream: SecretStreamOpener) {
        self.stream = stream
    }

    /// Whether the peer's final frame (its `Close`) has been opened.
    public var hasReachedEnd: Bool { stream.hasReachedEnd }

    /// The number of sealed bytes that follow a length prefix, after
    /// checking it against the limits.
    ///
    /// - Throws: `FrameError.tooLarge` or `.tooSmall`.
    public static func sealedLength(prefix: UInt32) throws(FrameError) -> Int {
        guard Int(prefix) <= maximumSealedBytes else { throw .tooLarge(length: prefix, limit: maximumSealedBytes) }
        guard Int(prefix) >= minimumSealedBytes else { throw .tooSmall(length: prefix) }
        return Int(prefix)
    }

    /// Opens one frame's sealed bytes (those after its length prefix).
    ///
    /// - Throws: `FrameError.decryption` when the frame fails authentication
    ///   or follows the final frame, `.malformedMessage` when its content is
    ///   not a valid message, `.tooLarge`/`.tooSmall` for a wrong size.
    public func open(sealed: UnsafeRawBufferPointer) throws(FrameError) -> Message {
        let length = try Self.sealedLength(prefix: UInt32(sealed.count))
        let prefix = UInt32(length).bigEndian
        let plaintextCount = length - SecretStreamSealer.overhead
        var failure: SecretStreamError?
        let plaintext = [UInt8](unsafeUninitializedCapacity: plaintextCount) { buffer, initialized in
            let outcome = withUnsafeBytes(of: prefix) { ad in
                Result { () throws(SecretStreamError) in
                    try stream.open(sealed, additionalData: ad, into: UnsafeMutableRawBufferPointer(buffer))
                }
            }
            if case .failure(let error) = outcome { failure = error }
            initialized = failure == nil ? plaintextCount : 0
        }
        if let failure { throw .decryption(failure) }
        do throws(MessageDecodingError) {
            return try codec.decode(plaintext)
        } catch {
            throw .malformedMessage(error)
        }
    }

    /// Opens one complete frame (length prefix included); see `open(sealed:)`.
    public func open(frame: [UInt8]) throws(FrameError) -> Message {
        guard frame.count >= FrameSealer.lengthPrefixBytes else { throw .tooSmall(length: UInt32(frame.count)) }
        let prefix = frame.prefix(4).reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        let length = try Self.sealedLength(prefix: prefix)
        guard frame.count == FrameSealer.lengthPrefixBytes + length else { throw .tooSmall(length: prefix) }
        return try frame.withBytes { (buffer) throws(FrameError) in
            try open(sealed: UnsafeRawBufferPointer(rebasing: buffer[FrameSealer.lengthPrefixBytes...]))
        }
    }
}
