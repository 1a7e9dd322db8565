internal import CSodium

/// An ephemeral X25519 key pair for one connection's key exchange
/// (libsodium `crypto_kx`).
///
/// A new pair is made for every connection and dropped after the handshake,
/// so a device key stolen later cannot decrypt recorded sessions (forward
/// secrecy). The secret half lives in locked memory and is zeroed when freed.
/// Values are immutable and safe to share between threads.
public struct KeyExchangeKeyPair: Sendable {
    /// The number of bytes in a key exchange public key.
    public static let publicKeyByteCount = 32

    /// The public half, sent to the peer in the clear.
    public let publicKey: [UInt8]
    private let secretKey: SecretBytes

    /// Makes a new key pair from the operating system's randomness.
    ///
    /// The corresponding C function is `crypto_kx_keypair`.
    public static func generate() -> KeyExchangeKeyPair {
        _ = Sodium.ready
        var publicKey = [UInt8](repeating: 0, count: publicKeyByteCount)
        let secret = SecretBytes(count: Int(crypto_kx_SECRETKEYBYTES)) { secret in
            _ = crypto_kx_keypair(&publicKey, secret.baseAddress!.assumingMemoryBound(to: UInt8.self))
        }
        return KeyExchangeKeyPair(publicKey: publicKey, secretKey: secret)
    }

    /// The key pair that `seed` (32 bytes) determines; for reproducible tests.
    ///
    /// The corresponding C function is `crypto_kx_seed_keypair`.
    /// - Throws: `IdentityError.malformedKey` when `seed` is not 32 bytes.
    public init(seed: some Collection<UInt8>) throws(IdentityError) {
        _ = Sodium.ready
        guard seed.count == Int(crypto_kx_SEEDBYTES) else {
            throw .malformedKey("a key exchange seed has \(crypto_kx_SEEDBYTES) bytes, not \(seed.count)")
        }
        let seedBytes = Array(seed)
        var publicKey = [UInt8](repeating: 0, count: Self.publicKeyByteCount)
        let secret = SecretBytes(count: Int(crypto_kx_SECRETKEYBYTES)) { secret in
            _ = crypto_kx_seed_keypair(&publicKey, secret.baseAddress!.assumingMemoryBound(to: UInt8.self), seedBytes)
        }
        self.init(publicKey: publicKey, secretKey: secret)
    }

    private init(publicKey: [UInt8], secretKey: SecretBytes) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// The two session keys shared with the peer whose ephemeral public key
    /// is `peerPublicKey`: one for each direction.
    ///
    /// The connecting side takes the `client` role, the accepting side the
    /// `server` role, so one side's `transmit` key is the other's `receive`.
    /// The corresponding C functions are `crypto_kx_client_session_keys` and
    /// `crypto_kx_server_session_keys`.
    ///
    /// - Throws: `KeyExchangeError.wrongPublicKeyLength` for a key that is not
    ///   32 bytes; `KeyExchangeError.weakPublicKey` when the peer's key is a
    ///   low-order point that would give a predictable shared secret.
    public func sessionKeys(role: KeyExchangeRole, peerPublicKey: some Collection<UInt8>) throws(KeyExchangeError)
        -> SessionKeys
    {
        guard peerPublicKey.count == Self.publicKeyByteCount else {
            throw .wrongPublicKeyLength(peerPublicKey.count)
        }
        let peer = Array(peerPublicKey)
        var status: Int32 = 0
        let receive = SecretBytes(count: Int(crypto_kx_SESSIONKEYBYTES)) { _ in }
        let transmit = SecretBytes(count: Int(crypto_kx_SESSIONKEYBYTES)) { transmit in
            switch role {
            case .client:
                status = crypto_kx_client_session_keys(receive.base, transmit.baseAddress!.assumingMemoryBound(to: UInt8.self), publicKey, secretKey.base, peer)
            case .server:
                status = crypto_kx_server_session_keys(receive.base, transmit.baseAddress!.assumingMemoryBound(to: UInt8.self), publicKey, secretKey.base, peer)
            }
        }
        guard status == 0 else { throw .weakPublicKey }
        return SessionKeys(receive: SecretStreamKey(secret: receive), transmit: SecretStreamKey(secret: transmit))
    }
}

/// Which side of a key exchange a device plays.
public enum KeyExchangeRole: Sendable, Equatable {
    /// The side that opened the connection.
    case client
    /// The side that accepted the connection.
    case server
}

/// The two keys of one session, one per direction.
public struct SessionKeys: Sendable {
    /// Decrypts what the peer sends.
    public let receive: SecretStreamKey
    /// Encrypts what this device sends.
    public let transmit: SecretStreamKey
}

/// Why a key exchange failed.
public enum KeyExchangeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The peer's public key does not have 32 bytes.
    case wrongPublicKeyLength(Int)
    /// The peer's public key is a low-order point (for example all zeros).
    case weakPublicKey

    public var description: String {
        switch self {
        case .wrongPublicKeyLength(let count):
            "a key exchange public key has \(KeyExchangeKeyPair.publicKeyByteCount) bytes, not \(count)"
        case .weakPublicKey:
            "the peer's key exchange public key is a weak (low-order) point"
        }
    }
}
