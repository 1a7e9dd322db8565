/// The name that identifies a shared folder across devices, e.g. `photos`.
///
/// 1 to 64 characters from `A-Z a-z 0-9 . _ -`, not starting with `.`; the
/// same ID on two devices means the same folder.
public struct FolderID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The most characters an ID may have.
    public static let maxLength = 64

    /// The ID's text.
    public let rawValue: String

    /// Validates `rawValue` as a folder ID.
    ///
    /// - Throws: `FolderIDError` saying which rule the text breaks.
    public init(_ rawValue: String) throws(FolderIDError) {
        guard !rawValue.isEmpty, rawValue.utf8.count <= Self.maxLength else {
            throw FolderIDError(text: rawValue, reason: "it must have 1 to \(Self.maxLength) characters")
        }
        guard rawValue.utf8.first != UInt8(ascii: ".") else {
            throw FolderIDError(text: rawValue, reason: "it must not start with '.'")
        }
        guard rawValue.utf8.allSatisfy(Self.isAllowed) else {
            throw FolderIDError(text: rawValue, reason: "only letters, digits, '.', '_' and '-' are allowed")
        }
        self.rawValue = rawValue
    }

    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: FolderID, rhs: FolderID) -> Bool { lhs.rawValue < rhs.rawValue }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}

/// Why text cannot be a `FolderID`.
public struct FolderIDError: Error, Equatable, CustomStringConvertible {
    /// The rejected text.
    public let text: String
    /// The rule it breaks.
    public let reason: String

    public var description: String { "'\(text)' is not a valid folder ID: \(reason)" }
}
