import ShoalCrypto

/// Turns messages into encrypted frames: a 4-byte big-endian length, then
/// the message's wire form sealed in the session's secret stream, with the
/// length bound as additional data.
///
/// Not thread-safe: one connection owns it.
public final class FrameSealer {
    /// Bytes of the length prefix.
    public static let lengthPrefixBytes = 4

    private let stream: SecretStreamSealer
    /// The codec for outgoing messages; turn `compressesBlocks` on once the
    /// peer's `Hello` offers `Capabilities.lz4`.
    public var codec = MessageCodec()

    init(stream: SecretStreamSealer) {
        self.stream = stream
    }

    /// The bytes of a frame whose message has `plaintextCount` bytes.
    public static func frameSize(plaintextCount: Int) -> Int {
        lengthPrefixBytes + plaintextCount + SecretStreamSealer.overhead
    }

    /// The complete frame for `message`. A `Close` is sealed as the
    /// stream's final message, so the peer can tell a deliberate end from a
    /// cut connection.
    ///
    /// - Throws: `MessageEncodingError` when the message breaks a limit.
    public func seal(_ message: Message) throws(MessageEncodingError) -> [UInt8] {
        let plaintext = try codec.encode(message)
        var frame = [UInt8](repeating: 0, count: Self.frameSize(plaintextCount: plaintext.count))
        let isFinal = if case .close = message { true } else { false }
        plaintext.withUnsafeBytes { input in
            frame.withUnsafeMutableBytes { seal(plaintext: input, isFinal: isFinal, into: $0) }
        }
        return frame
    }

    /// Writes the frame for an encoded message (`MessageCodec.encode`) into
    /// the first `frameSize(plaintextCount:)` bytes of `output`.
    ///
    /// - Precondition: `output` has room; `plaintext` is at most `WireLimits.maxFrameBytes`.
    public func seal(plaintext: UnsafeRawBufferPointer, isFinal: Bool, into output: UnsafeMutableRawBufferPointer) {
        precondition(plaintext.count <= WireLimits.maxFrameBytes, "frame over the protocol limit")
        let sealedCount = plaintext.count + SecretStreamSealer.overhead
        let prefix = UInt32(sealedCount).bigEndian
        withUnsafeBytes(of: prefix) { prefixBytes in
            output.copyMemory(from: prefixBytes)
            stream.seal(
                plaintext, additionalData: prefixBytes, isFinal: isFinal,
                into: UnsafeMutableRawBufferPointer(rebasing: output[Self.lengthPrefixBytes...]))
        }
    }
}
