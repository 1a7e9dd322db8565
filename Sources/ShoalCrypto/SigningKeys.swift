internal import CSodium

/// An Ed25519 public key: it verifies what a device signs, and its SHA-256
/// is the device's ID.
public struct SigningPublicKey: Hashable, Sendable {
    /// The number of bytes in a public key.
    public static let byteCount = 32
    /// The number of bytes in a signature.
    public static let signatureByteCount = 64

    /// The 32 raw bytes.
    public let bytes: [UInt8]

    /// Creates a key from its 32 raw bytes.
    ///
    /// - Throws: `IdentityError.malformedKey` when `bytes` is not 32 bytes long.
    public init(bytes: some Collection<UInt8>) throws(IdentityError) {
        guard bytes.count == Self.byteCount else { throw .malformedKey("a public key has 32 bytes, not \(bytes.count)") }
        self.bytes = Array(bytes)
    }

    /// The device ID of the device holding this key.
    public var deviceID: DeviceID { DeviceID(publicKey: self) }

    /// Whether `signature` is this key's Ed25519 signature of `message`.
    /// Thread-safe.
    public func isValidSignature(_ signature: some Collection<UInt8>, of message: some Collection<UInt8>) -> Bool {
        _ = Sodium.ready
        let signature = Array(signature)
        guard signature.count == Self.signatureByteCount else { return false }
        let message = Array(message)
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), bytes) == 0
    }
}

/// Secret bytes in memory that libsodium keeps out of swap where it can and
/// that are zeroed when freed.
///
/// `@unchecked Sendable`: the bytes are written once in `init` and only read
/// afterwards, so sharing between threads is safe.
final class SecretBytes: @unchecked Sendable {
    /// The first byte.
    let base: UnsafeMutablePointer<UInt8>
    /// The number of bytes.
    let count: Int

    /// Allocates `count` bytes and lets `fill` write them.
    init(count: Int, fill: (UnsafeMutableRawBufferPointer) -> Void) {
        _ = Sodium.ready
        self.count = count
        base = .allocate(capacity: count)
        sodium_mlock(base, count)
        fill(UnsafeMutableRawBufferPointer(start: base, count: count))
    }

    deinit {
        // `sodium_munlock` zeroes the bytes before unlocking them.
        sodium_munlock(base, count)
        base.deallocate()
    }
}
