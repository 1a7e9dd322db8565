internal import CSodium

/// The sending half of a `crypto_secretstream_xchacha20poly1305` stream:
/// encrypts and authenticates a sequence of messages.
///
/// Each sealed message carries an implicit, incrementing counter, so the
/// receiving `SecretStreamOpener` rejects any message that was changed,
/// dropped, reordered, replayed, or taken from another stream. The state is
/// zeroed when the sealer is freed.
///
/// Not thread-safe: one owner (for example one channel's event loop) uses it.
public final class SecretStreamSealer {
    /// Bytes of header the receiver needs before the first message.
    public static let headerByteCount = 24
    /// Bytes a sealed message has beyond its plaintext.
    public static let overhead = 17

    /// The stream header to send to the receiver, before any message.
    public let header: [UInt8]
    private let state: UnsafeMutablePointer<crypto_secretstream_xchacha20poly1305_state>
    private var isFinished = false

    /// Starts a stream under `key` with a fresh random header.
    ///
    /// The corresponding C function is `crypto_secretstream_xchacha20poly1305_init_push`.
    public init(key: SecretStreamKey) {
        _ = Sodium.ready
        state = .allocate(capacity: 1)
        var header = [UInt8](repeating: 0, count: Self.headerByteCount)
        _ = crypto_secretstream_xchacha20poly1305_init_push(state, &header, key.secret.base)
        self.header = header
    }

    deinit {
        sodium_memzero(state, MemoryLayout<crypto_secretstream_xchacha20poly1305_state>.size)
        state.deallocate()
    }

    /// Encrypts `plaintext` into the first `plaintext.count + overhead` bytes
    /// of `output`, binding `additionalData` (authenticated, not encrypted).
    ///
    /// `isFinal` marks the last message of the stream; the opener then
    /// knows the stream ended on purpose rather than being cut off.
    /// The corresponding C function is `crypto_secretstream_xchacha20poly1305_push`.
    ///
    /// - Precondition: `output` has room, and no final message was sealed yet.
    public func seal(
        _ plaintext: UnsafeRawBufferPointer, additionalData: UnsafeRawBufferPointer = .init(start: nil, count: 0),
        isFinal: Bool = false, into output: UnsafeMutableRawBufferPointer
    ) {
        precondition(output.count >= plaintext.count + Self.overhead, "sealing needs \(Self.overhead) bytes of room")
        precondition(!isFinished, "a secret stream cannot continue after its final message")
        isFinished = isFinal
        let tag = isFinal ? crypto_secretstream_xchacha20poly1305_tag_final() : 0
        _ = crypto_secretstream_xchacha20poly1305_push(
            state, output.baseAddress!.assumingMemoryBound(to: UInt8.self), nil,
            plaintext.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(plaintext.count),
            additionalData.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt64(additionalData.count), tag)
    }

    /// Encrypts `plaintext` into a new array; see `seal(_:additionalData:isFinal:into:)`.
    public func seal(_ plaintext: [UInt8], additionalData: [UInt8] = [], isFinal: Bool = false) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: plaintext.count + Self.overhead)
        plaintext.withUnsafeBytes { input in
            additionalData.withUnsafeBytes { ad in
                output.withUnsafeMutableBytes { seal(input, additionalData: ad, isFinal: isFinal, into: $0) }
            }
        }
        return output
    }
}
