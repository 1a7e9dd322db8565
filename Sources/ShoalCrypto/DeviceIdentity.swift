internal import CSodium

/// This device's Ed25519 key pair: it signs handshakes and index batches, and
/// its public half names the device (`deviceID`).
///
/// The secret key is held in locked memory and zeroed when the last copy of
/// the identity goes away; it is never printed (`description` shows only the
/// device ID). Values are immutable and safe to share between threads.
public struct DeviceIdentity: Sendable, CustomStringConvertible {
    /// The public half, which peers use to verify signatures.
    public let publicKey: SigningPublicKey
    /// libsodium's 64-byte secret key (seed followed by public key).
    private let secretKey: SecretBytes

    /// The device ID derived from the public key.
    public let deviceID: DeviceID

    /// Makes a new random identity from the operating system's randomness.
    public static func generate() -> DeviceIdentity {
        _ = Sodium.ready
        let seed = SecretBytes(count: Int(crypto_sign_SEEDBYTES)) { randombytes_buf($0.baseAddress!, $0.count) }
        return DeviceIdentity(seed: seed)
    }

    /// Recreates the identity that `seed` (32 bytes) determines; tests use it
    /// for reproducible devices.
    ///
    /// - Throws: `IdentityError.malformedKey` when `seed` is not 32 bytes.
    public init(seed: some Collection<UInt8>) throws(IdentityError) {
        guard seed.count == Int(crypto_sign_SEEDBYTES) else {
            throw .malformedKey("a secret key seed has \(crypto_sign_SEEDBYTES) bytes, not \(seed.count)")
        }
        self.init(seed: SecretBytes(count: seed.count) { $0.copyBytes(from: seed) })
    }

    private init(seed: SecretBytes) {
        _ = Sodium.ready
        var publicBytes = [UInt8](repeating: 0, count: SigningPublicKey.byteCount)
        secretKey = SecretBytes(count: Int(crypto_sign_SECRETKEYBYTES)) { secret in
            _ = crypto_sign_seed_keypair(&publicBytes, secret.baseAddress!.assumingMemoryBound(to: UInt8.self), seed.base)
        }
        publicKey = try! SigningPublicKey(bytes: publicBytes)
        deviceID = publicKey.deviceID
    }

    /// The Ed25519 signature (64 bytes) of `message`. Thread-safe.
    public func sign(_ message: some Collection<UInt8>) -> [UInt8] {
        let message = Array(message)
        var signature = [UInt8](repeating: 0, count: SigningPublicKey.signatureByteCount)
        _ = crypto_sign_detached(&signature, nil, message, UInt64(message.count), secretKey.base)
        return signature
    }

    /// Shows the device ID only, never the secret.
    public var description: String { "DeviceIdentity(\(deviceID))" }

    /// Calls `body` with the 32-byte seed the secret key derives from.
    func withSeed<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: secretKey.base, count: Int(crypto_sign_SEEDBYTES)))
    }
}

/// Why an identity could not be made, read or written.
public enum IdentityError: Error, Equatable, CustomStringConvertible {
    /// Key bytes of the wrong length or form.
    case malformedKey(String)
    /// The key file's content cannot be used; says what is wrong.
    case damagedKeyFile(path: String, reason: String)
    /// The key file could be read by other users.
    case keyFileTooOpen(path: String, mode: UInt32)
    /// The key file could not be read or written.
    case keyFileIO(path: String, reason: String)

    public var description: String {
        switch self {
        case .malformedKey(let reason):
            "malformed key: \(reason)"
        case .damagedKeyFile(let path, let reason):
            "identity key file \(path) is damaged: \(reason)"
        case .keyFileTooOpen(let path, let mode):
            "identity key file \(path) is readable by other users (mode \(String(mode, radix: 8))); "
                + "run `chmod 600 \(path)` and try again"
        case .keyFileIO(let path, let reason):
            "identity key file \(path): \(reason)"
        }
    }
}
