import Glibc

/// Reads the `.shoalignore` file at a folder root.
enum IgnoreFile {
    /// The largest ignore file read; a bigger one is refused as a mistake.
    static let maxByteCount = 1 << 20

    /// The file's text, or `nil` when the folder has none.
    ///
    /// - Throws: `IgnoreFileError` when it exists but cannot be used.
    static func read(in root: FileDescriptor) throws(IgnoreFileError) -> String? {
        let name = ShoalInternalNames.ignoreFile
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(name, relativeTo: root, flags: O_RDONLY | O_NOFOLLOW, displayPath: name)
        } catch {
            if error.code == ENOENT { return nil }
            throw .unreadable(error.reason)
        }
        var bytes = [UInt8](repeating: 0, count: maxByteCount + 1)
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { Glibc.read(file.rawValue, $0.baseAddress! + filled, $0.count - filled) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(SystemError("read", path: name).reason)
            }
            filled += count
        }
        guard filled <= maxByteCount else { throw .tooLarge }
        guard let text = String(validating: bytes[..<filled], as: UTF8.self) else { throw .invalidUTF8 }
        return text
    }
}

/// Why `.shoalignore` could not be used; the scan then ignores nothing.
enum IgnoreFileError: Error, CustomStringConvertible {
    case unreadable(String)
    case tooLarge
    case invalidUTF8

    var description: String {
        switch self {
        case .unreadable(let reason): "cannot read it (\(reason)); nothing is ignored"
        case .tooLarge: "it is larger than 1 MiB; nothing is ignored"
        case .invalidUTF8: "it is not valid UTF-8; nothing is ignored"
        }
    }
}
