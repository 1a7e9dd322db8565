/// Why text cannot be a `RelativePath`.
public enum PathError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path is empty.
    case empty
    /// The path starts with `/`.
    case absolute(String)
    /// The path has a `.` or `..` component.
    case dotComponent(String)
    /// A name was empty (e.g. `a//b` or a trailing `/`).
    case emptyComponent
    /// The path has an empty component.
    case emptyComponentIn(String)
    /// A single name contains a `/`.
    case invalidComponent(String)
    /// The path contains a NUL byte.
    case containsNUL(String)
    /// The bytes are not valid UTF-8 (shown with replacement characters).
    case invalidUTF8(String)
    /// The text is not in Unicode Normalization Form C.
    case notNFC(String)
    /// The whole path exceeds `RelativePath.maxByteCount`.
    case tooLong(byteCount: Int)
    /// One name exceeds `RelativePath.maxComponentByteCount`.
    case componentTooLong(String, byteCount: Int)

    public var description: String {
        switch self {
        case .empty:
            "the path is empty"
        case .absolute(let path):
            "'\(path)' is absolute; paths must be relative to the folder"
        case .dotComponent(let name):
            "'\(name)' components are not allowed in a path"
        case .emptyComponent:
            "a name in the path is empty"
        case .emptyComponentIn(let path):
            "'\(path)' has an empty name (double or trailing '/')"
        case .invalidComponent(let name):
            "'\(name)' is not a single name: it contains '/'"
        case .containsNUL(let path):
            "'\(path.replacingNUL())' contains a NUL byte"
        case .invalidUTF8(let shown):
            "the name '\(shown)' is not valid UTF-8"
        case .notNFC(let path):
            "'\(path)' is not in Unicode normal form C (NFC); rename it to sync it"
        case .tooLong(let count):
            "the path is \(count) bytes long; the limit is \(RelativePath.maxByteCount)"
        case .componentTooLong(let name, let count):
            "the name '\(name.prefix(40))…' is \(count) bytes long; the limit is \(RelativePath.maxComponentByteCount)"
        }
    }
}

extension String {
    fileprivate func replacingNUL() -> String {
        String(decoding: utf8.map { $0 == 0 ? UInt8(ascii: "?") : $0 }, as: UTF8.self)
    }
}
