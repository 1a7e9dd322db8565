import Foundation

/// A validated path of an entry inside a synced folder, relative to its root.
///
/// Components are separated by `/`. A `RelativePath` is never empty or
/// absolute, never contains `.` or `..` components, empty components or NUL,
/// is valid UTF-8 in Unicode Normalization Form C, and stays within the
/// length limits below — which are also the wire protocol's limits. Paths that
/// fail these rules cannot be represented, so nothing built from one can
/// escape its folder by name. (Escapes through symlinks are refused where the
/// file system is touched.)
public struct RelativePath: Hashable, Comparable, Sendable {
    /// The most UTF-8 bytes a whole path may have: the longest path Linux
    /// accepts relative to a directory (`PATH_MAX` less its NUL).
    public static let maxByteCount = 4095
    /// The most UTF-8 bytes one component may have (Linux's `NAME_MAX`).
    public static let maxComponentByteCount = 255

    /// The path as `/`-separated text.
    public let string: String

    /// Validates `string` as a relative path.
    ///
    /// - Throws: `PathError` naming the rule the text breaks.
    public init(_ string: String) throws(PathError) {
        try Self.validate(string)
        self.string = string
    }

    /// Validates raw bytes (for example a name read from the disk or the wire)
    /// as a relative path.
    ///
    /// - Throws: `PathError.invalidUTF8` when the bytes are not UTF-8, or any
    ///   other `PathError` the text breaks.
    public init(bytes: some Collection<UInt8>) throws(PathError) {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .invalidUTF8(String(decoding: bytes, as: UTF8.self))
        }
        try self.init(text)
    }

    private init(unchecked string: String) {
        self.string = string
    }

    /// The path's components, in order.
    public var components: [Substring] {
        string.split(separator: "/", omittingEmptySubsequences: false)
    }

    /// The last component.
    public var name: Substring {
        string.lastIndex(of: "/").map { string[string.index(after: $0)...] } ?? string[...]
    }

    /// The path of the containing directory, or `nil` at the top level.
    public var parent: RelativePath? {
        string.lastIndex(of: "/").map { RelativePath(unchecked: String(string[..<$0])) }
    }

    /// Depth below the folder root: 1 for a top-level entry.
    public var depth: Int {
        string.utf8.reduce(1) { $1 == UInt8(ascii: "/") ? $0 + 1 : $0 }
    }

    /// Appends one component.
    ///
    /// - Throws: `PathError` when `name` is not a valid single component or the
    ///   result is too long.
    public func appending(_ name: String) throws(PathError) -> RelativePath {
        if name.utf8.contains(UInt8(ascii: "/")) { throw .invalidComponent(name) }
        return try RelativePath(string + "/" + name)
    }

    /// Whether `self` is `other` or lies inside it.
    public func isWithin(_ other: RelativePath) -> Bool {
        string == other.string
            || (string.hasPrefix(other.string)
                && string.utf8.dropFirst(other.string.utf8.count).first == UInt8(ascii: "/"))
    }

    /// Orders paths by their UTF-8 bytes, the order the index stores them in.
    public static func < (lhs: RelativePath, rhs: RelativePath) -> Bool {
        lhs.string.utf8.lexicographicallyPrecedes(rhs.string.utf8)
    }
}

extension RelativePath: CustomStringConvertible {
    public var description: String { string }
}

extension RelativePath: Codable {
    public init(from decoder: any Decoder) throws {
        try self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(string)
    }
}

// MARK: - Validation

extension RelativePath {
    /// Checks one component (a file or directory name) on its own.
    ///
    /// - Throws: `PathError` naming the rule `name` breaks.
    public static func validateComponent(_ name: Substring) throws(PathError) {
        if name.isEmpty { throw .emptyComponent }
        if name == "." || name == ".." { throw .dotComponent(String(name)) }
        if name.utf8.count > maxComponentByteCount {
            throw .componentTooLong(String(name), byteCount: name.utf8.count)
        }
    }

    private static func validate(_ string: String) throws(PathError) {
        let utf8 = string.utf8
        if utf8.isEmpty { throw .empty }
        if utf8.first == UInt8(ascii: "/") { throw .absolute(string) }
        if utf8.contains(0) { throw .containsNUL(string) }
        if utf8.count > maxByteCount { throw .tooLong(byteCount: utf8.count) }
        for component in string.split(separator: "/", omittingEmptySubsequences: false) {
            do {
                try validateComponent(component)
            } catch .emptyComponent {
                throw .emptyComponentIn(string)
            }
        }
        if !isNFC(string) { throw .notNFC(string) }
    }

    private static func isNFC(_ string: String) -> Bool {
        if string.utf8.allSatisfy({ $0 < 0x80 }) { return true }
        let normalized = string.precomposedStringWithCanonicalMapping
        return normalized.utf8.elementsEqual(string.utf8)
    }
}
