internal import CSodium

/// The receiving half of a `crypto_secretstream_xchacha20poly1305` stream:
/// checks and decrypts the messages a `SecretStreamSealer` made, in order.
///
/// Not thread-safe: one owner uses it. The state is zeroed when freed.
public final class SecretStreamOpener {
    private let state: UnsafeMutablePointer<crypto_secretstream_xchacha20poly1305_state>
    private var isFinished = false

    /// Starts reading a stream under `key` from the sender's `header`.
    ///
    /// The corresponding C function is `crypto_secretstream_xchacha20poly1305_init_pull`.
    /// - Throws: `SecretStreamError.badHeader` when `header` is not 24 bytes
    ///   or libsodium refuses it.
    public init(key: SecretStreamKey, header: some Collection<UInt8>) throws(SecretStreamError) {
        _ = Sodium.ready
        guard header.count == SecretStreamSealer.headerByteCount else { throw .badHeader }
        state = .allocate(capacity: 1)
        let headerBytes = Array(header)
        guard crypto_secretstream_xchacha20poly1305_init_pull(state, headerBytes, key.secret.base) == 0 else {
            state.deallocate()
            throw .badHeader
        }
    }

    deinit {
        sodium_memzero(state, MemoryLayout<crypto_secretstream_xchacha20poly1305_state>.size)
        state.deallocate()
    }

    /// Whether the sender's final message has been opened.
    public var hasReachedEnd: Bool { isFinished }

    /// Checks and decrypts `ciphertext` into the first
    /// `ciphertext.count - overhead` bytes of `output`.
    ///
    /// The corresponding C function is `crypto_secretstream_xchacha20poly1305_pull`.
    /// - Returns: whether this was the sender's final message.
    /// - Throws: `SecretStreamError.tooShort` for fewer than 17 bytes,
    ///   `.afterFinal` once the final message was read, `.forged` when the
    ///   message fails authentication: changed, reordered, replayed, or sealed
    ///   under another key or header.
    /// - Precondition: `output` has room for the plaintext.
    public func open(
        _ ciphertext: UnsafeRawBufferPointer, additionalData: UnsafeRawBufferPointer = .init(start: nil, count: 0),
        into output: UnsafeMutableRawBufferPointer
    ) throws(SecretStreamError) -> Bool {
        guard ciphertext.count >= SecretStreamSealer.overhead else { throw .tooShort(ciphertext.count) }
        guard !isFinished else { throw .afterFinal }
        precondition(output.count >= ciphertext.count - SecretStreamSealer.overhead, "opening needs room for the plaintext")
        var tag: UInt8 = 0
        let status = crypto_secretstream_xchacha20poly1305_pull(
            state, output.baseAddress?.assumingMemoryBound(to: UInt8.self), nil, &tag,
            ciphertext.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(ciphertext.count),
            additionalData.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(additionalData.count))
        guard status == 0 else { throw .forged }
        isFinished = tag == crypto_secretstream_xchacha20poly1305_tag_final()
        return isFinished
    }

    /// Checks and decrypts `ciphertext` into a new array; see `open(_:additionalData:into:)`.
    public func open(_ ciphertext: [UInt8], additionalData: [UInt8] = []) throws(SecretStreamError) -> (
        plaintext: [UInt8], isFinal: Bool
    ) {
        guard ciphertext.count >= SecretStreamSealer.overhead else { throw .tooShort(ciphertext.count) }
        var output = [UInt8](repeating: 0, count: ciphertext.count - SecretStreamSealer.overhead)
        let outcome = ciphertext.withUnsafeBytes { input in
            additionalData.withUnsafeBytes { ad in
                output.withUnsafeMutableBytes { out in
                    Result { () throws(SecretStreamError) in try open(input, additionalData: ad, into: out) }
                }
            }
        }
        let isFinal = try outcome.get()
        return (output, isFinal)
    }
}

/// Why a secret stream message was refused.
public enum SecretStreamError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The stream header is not 24 bytes or was refused.
    case badHeader
    /// A sealed message is shorter than the 17 bytes of overhead.
    case tooShort(Int)
    /// A message failed authentication.
    case forged
    /// A message came after the sender's final message.
    case afterFinal

    public var description: String {
        switch self {
        case .badHeader:
            "the secret stream header is malformed"
        case .tooShort(let count):
            "a sealed message of \(count) bytes is shorter than the \(SecretStreamSealer.overhead) bytes of overhead"
        case .forged:
            "a sealed message failed authentication (tampered, reordered, replayed, or from another stream)"
        case .afterFinal:
            "a sealed message came after the stream's final message"
        }
    }
}
