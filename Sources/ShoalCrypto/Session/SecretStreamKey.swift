internal import CSodium

/// A 32-byte key for one direction of a `crypto_secretstream_xchacha20poly1305`
/// stream. Held in locked memory and zeroed when the last copy goes away;
/// never printed. Values are immutable and safe to share between threads.
public struct SecretStreamKey: Sendable, CustomStringConvertible {
    /// The number of bytes in a key.
    public static let byteCount = 32

    let secret: SecretBytes

    init(secret: SecretBytes) {
        self.secret = secret
    }

    /// A key with these bytes; for tests and benchmarks.
    ///
    /// - Throws: `IdentityError.malformedKey` when `bytes` is not 32 bytes.
    public init(bytes: some Collection<UInt8>) throws(IdentityError) {
        guard bytes.count == Self.byteCount else {
            throw .malformedKey("a secret stream key has \(Self.byteCount) bytes, not \(bytes.count)")
        }
        secret = SecretBytes(count: Self.byteCount) { $0.copyBytes(from: bytes) }
    }

    /// A new random key (`crypto_secretstream_xchacha20poly1305_keygen`).
    public static func generate() -> SecretStreamKey {
        _ = Sodium.ready
        return SecretStreamKey(
            secret: SecretBytes(count: byteCount) {
                crypto_secretstream_xchacha20poly1305_keygen($0.baseAddress!.assumingMemoryBound(to: UInt8.self))
            })
    }

    /// Never shows the key.
    public var description: String { "SecretStreamKey(…)" }
}
