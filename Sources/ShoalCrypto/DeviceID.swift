/// The identity of a device: the SHA-256 of its Ed25519 public key.
///
/// Its text form is the 32 bytes in base32 (52 characters), cut in four
/// groups of 13, each followed by a Luhn mod 32 check character, and shown
/// as eight groups of seven joined by `-`:
/// `MFZWI3D-BONSGYC-...`. A mistyped character is caught when parsing.
public struct DeviceID: Hashable, Comparable, Sendable {
    /// The number of raw bytes in a device ID.
    public static let byteCount = 32

    private let hash: ContentHash

    /// Creates a device ID from its 32 raw bytes.
    ///
    /// - Throws: `ContentHashError.wrongLength` when `rawBytes` is not 32 bytes.
    public init(rawBytes: some Collection<UInt8>) throws(ContentHashError) {
        hash = try ContentHash(bytes: rawBytes)
    }

    /// The device ID that belongs to an Ed25519 public key.
    public init(publicKey: SigningPublicKey) {
        hash = ContentHash.of(publicKey.bytes)
    }

    /// The 32 raw bytes.
    public var rawBytes: [UInt8] { hash.bytes }

    /// The first 7 characters of the text form, as used in conflict copy names.
    public var shortID: String { String(description.prefix(7)) }

    /// Orders device IDs by their bytes; used for deterministic tie-breaks.
    public static func < (a: DeviceID, b: DeviceID) -> Bool { a.hash < b.hash }
}

// MARK: - Text form

extension DeviceID: CustomStringConvertible {
    /// Characters of base32 in each checked group.
    static let groupLength = 13
    /// Characters with check characters and without dashes.
    static let checkedLength = 56

    /// The text form, eight dash-separated groups of seven characters.
    public var description: String {
        let encoded = Base32.encode(hash.bytes).map { Base32.value(of: $0)! }
        var checked: [Int] = []
        for start in stride(from: 0, to: encoded.count, by: Self.groupLength) {
            let group = encoded[start..<start + Self.groupLength]
            checked += group
            checked.append(Luhn32.check(group))
        }
        var text: [UInt8] = []
        for (index, value) in checked.enumerated() {
            if index > 0 && index % 7 == 0 { text.append(UInt8(ascii: "-")) }
            text.append(Base32.alphabet[value])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Parses the text form of a device ID.
    ///
    /// Dashes and spaces are ignored, letters may be lowercase, and the
    /// digits `0`, `1` and `8` are read as the letters `O`, `I` and `B` they
    /// are commonly mistaken for.
    ///
    /// - Throws: `DeviceIDError` saying what is wrong: the length, a character
    ///   outside base32, or a check character that does not match (a typo).
    public init(parsing text: String) throws(DeviceIDError) {
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { throw .notASCII(text) }
        var values: [Int] = []
        for character in text.utf8 where character != UInt8(ascii: "-") && character != UInt8(ascii: " ") {
            guard let value = Base32.value(of: Self.normalized(character)) else {
                throw .invalidCharacter(text, Character(Unicode.Scalar(character)))
            }
            values.append(value)
        }
        guard values.count == Self.checkedLength else { throw .wrongLength(text, values.count) }
        var encoded: [Int] = []
        for group in 0..<4 {
            let start = group * (Self.groupLength + 1)
            let body = values[start..<start + Self.groupLength]
            guard Luhn32.check(body) == values[start + Self.groupLength] else {
                throw .checkMismatch(text, group: group + 1)
            }
            encoded += body
        }
        guard let bytes = Base32.decode(values: encoded, byteCount: Self.byteCount) else {
            throw .checkMismatch(text, group: 4)
        }
        hash = try! ContentHash(bytes: bytes)
    }

    private static func normalized(_ character: UInt8) -> UInt8 {
        switch character {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): character - 32
        case UInt8(ascii: "0"): UInt8(ascii: "O")
        case UInt8(ascii: "1"): UInt8(ascii: "I")
        case UInt8(ascii: "8"): UInt8(ascii: "B")
        default: character
        }
    }
}

/// Why text could not be read as a device ID.
public enum DeviceIDError: Error, Equatable, CustomStringConvertible {
    /// The text has this many base32 characters instead of 56.
    case wrongLength(String, Int)
    /// The text has a character that is not base32, a dash or a space.
    case invalidCharacter(String, Character)
    /// The text has characters outside ASCII.
    case notASCII(String)
    /// The check character of this part (1–4, each two groups of seven)
    /// does not match: a typo.
    case checkMismatch(String, group: Int)

    public var description: String {
        switch self {
        case .wrongLength(let text, let count):
            "'\(text.prefix(100))' is not a device ID: it has \(count) characters, a device ID has "
                + "\(DeviceID.checkedLength) (eight groups of seven)"
        case .invalidCharacter(let text, let character):
            "'\(text.prefix(100))' is not a device ID: '\(character)' is not one of A-Z, 2-7"
        case .notASCII(let text):
            "'\(text.prefix(100))' is not a device ID: it has characters outside A-Z, 2-7"
        case .checkMismatch(let text, let group):
            "'\(text.prefix(100))' is not a valid device ID: a character in groups \(2 * group - 1) "
                + "and \(2 * group) is mistyped (their check character does not match)"
        }
    }
}

extension DeviceID: Codable {
    /// Reads the grouped text form, with the same forgiveness as `init(parsing:)`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    /// Writes the grouped text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
