internal import CLibcrypto

/// The SHA-256 digest that names a block of file content.
///
/// Blocks are addressed by content, so any peer holding a block can serve it
/// and a local file holding it can supply it without a transfer. SHA-256 is
/// computed by OpenSSL's libcrypto, which uses the CPU's SHA extensions where
/// present; `Docs/HASHING.md` gives the measurements behind the choice.
///
/// The digest is stored inline as four words, so a `ContentHash` never
/// allocates. Values are `Sendable` and safe to use from any thread.
public struct ContentHash: Hashable, Comparable, Sendable {
    /// The number of bytes in a digest.
    public static let byteCount = 32

    // Big-endian words of the digest, so comparing words compares bytes.
    private let w0: UInt64
    private let w1: UInt64
    private let w2: UInt64
    private let w3: UInt64

    /// Creates a hash from its 32 raw bytes.
    ///
    /// - Throws: `ContentHashError.wrongLength` when `bytes` is not 32 bytes long.
    public init(bytes: some Collection<UInt8>) throws(ContentHashError) {
        guard bytes.count == Self.byteCount else {
            throw .wrongLength(bytes.count)
        }
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { raw in
            raw.copyBytes(from: bytes)
        }
        self.init(bigEndianWords: words)
    }

    /// Creates a hash from its 64-character hexadecimal form (either case).
    ///
    /// - Throws: `ContentHashError.invalidHex` when `hex` is not 64 hex digits.
    public init(hex: String) throws(ContentHashError) {
        guard let bytes = Hex.decode(hex), bytes.count == Self.byteCount else { throw .invalidHex(hex) }
        try self.init(bytes: bytes)
    }

    private init(bigEndianWords words: (UInt64, UInt64, UInt64, UInt64)) {
        w0 = UInt64(bigEndian: words.0)
        w1 = UInt64(bigEndian: words.1)
        w2 = UInt64(bigEndian: words.2)
        w3 = UInt64(bigEndian: words.3)
    }

    /// Hashes `buffer` with SHA-256. Thread-safe; does not allocate.
    public static func of(_ buffer: UnsafeRawBufferPointer) -> ContentHash {
        var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        withUnsafeMutableBytes(of: &words) { digest in
            let out = digest.baseAddress!.assumingMemoryBound(to: UInt8.self)
            // `SHA256` cannot fail; it returns its output pointer.
            _ = SHA256(buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), buffer.count, out)
        }
        return ContentHash(bigEndianWords: words)
    }

    /// Hashes `bytes` with SHA-256.
    public static func of(_ bytes: some Sequence<UInt8>) -> ContentHash {
        let array = Array(bytes)
        return array.withUnsafeBytes { of($0) }
    }

    /// The 32 raw bytes of the digest.
    public var bytes: [UInt8] {
        var words = (w0.bigEndian, w1.bigEndian, w2.bigEndian, w3.bigEndian)
        return withUnsafeBytes(of: &words) { Array($0) }
    }

    /// The digest as 64 lowercase hexadecimal characters.
    public var hex: String { Hex.encode(bytes) }

    /// Orders hashes by their bytes, as `memcmp` would.
    public static func < (lhs: ContentHash, rhs: ContentHash) -> Bool {
        (lhs.w0, lhs.w1, lhs.w2, lhs.w3) < (rhs.w0, rhs.w1, rhs.w2, rhs.w3)
    }
}

extension ContentHash: CustomStringConvertible {
    /// The hexadecimal digest.
    public var description: String { hex }
}

/// Why bytes or text could not be read as a `ContentHash`.
public enum ContentHashError: Error, Equatable, CustomStringConvertible {
    /// The raw digest had this many bytes instead of 32.
    case wrongLength(Int)
    /// The text is not 64 hexadecimal digits.
    case invalidHex(String)

    public var description: String {
        switch self {
        case .wrongLength(let count):
            "a content hash has 32 bytes, not \(count)"
        case .invalidHex(let text):
            "'\(text.prefix(80))' is not a content hash: expected 64 hexadecimal digits"
        }
    }
}
