import Glibc
import ShoalModel

/// An entry the walk found on disk.
struct WalkedEntry: Sendable {
    var path: RelativePath
    var kind: FileKind
    var permissions: UInt32
    var stat: LocalStat
    /// `st_dev`, to check that the file hashed later is the one walked.
    var device: UInt64
    var symlinkTarget: String?
}

/// What a walk of one folder found.
struct WalkResult: Sendable {
    var entries: [WalkedEntry] = []
    var skipped: [SkippedEntry] = []
    /// Directories whose contents could not be listed; the index keeps what
    /// it knew of them rather than taking them for deleted.
    var unlistable: [RelativePath] = []
    /// Paths that exist but were skipped; their records are kept as they are.
    var kept: Set<String> = []

    /// Records a skipped entry; unless it vanished, its record is kept.
    mutating func skip(_ path: String, _ reason: String, vanished: Bool = false) {
        skipped.append(SkippedEntry(path: path, reason: reason))
        if !vanished { kept.insert(path) }
    }
}

/// Walks a folder top-down through directory descriptors, never following a
/// symlink, in byte order of names. It skips Shoal's own files, ignored
/// entries, and anything that cannot be synced (with a reason).
package struct DirectoryWalker {
    let root: FileDescriptor
    let rules: IgnoreRules

    func walk() -> WalkResult {
        var result = WalkResult()
        var pending: [(FileDescriptor, RelativePath?)] = [(root, nil)]
        while let (directory, path) = pending.popLast() {
            let names: [[UInt8]]
            do {
                names = try Self.names(in: directory, displayPath: path?.string ?? ".")
            } catch {
                if let path { result.unlistable.append(path) }
                result.skip(path?.string ?? ".", error.reason)
                continue
            }
            var subdirectories: [(FileDescriptor, RelativePath)] = []
            for name in names {
                if let child = visit(name, in: directory, parent: path, into: &result) {
                    subdirectories.append(child)
                }
            }
            // Reversed so that popping visits them in name order.
            pending.append(contentsOf: subdirectories.reversed())
        }
        return result
    }

    /// Classifies one name; returns the opened directory to descend into.
    private func visit(
        _ name: [UInt8], in directory: FileDescriptor, parent: RelativePath?, into result: inout WalkResult
    ) -> (FileDescriptor, RelativePath)? {
        let shown = (parent.map { $0.string + "/" } ?? "") + String(decoding: name, as: UTF8.self)
        let text: String
        let path: RelativePath
        do throws(PathError) {
            text = try Self.text(of: name)
            if let parent { path = try parent.appending(text) } else { path = try RelativePath(text) }
        } catch {
            result.skip(shown, error.description)
            return nil
        }
        if ShoalInternalNames.isInternal(relativePath: path.string) { return nil }

        var info = stat()
        guard fstatat(directory.rawValue, text, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT {
                result.skip(shown, "it vanished during the scan", vanished: true)
            } else {
                result.skip(shown, SystemError("lstat", path: shown).reason)
            }
            return nil
        }
        let kind: FileKind
        switch info.fileType {
        case S_IFREG: kind = .file
        case S_IFDIR: kind = .directory
        case S_IFLNK: kind = .symlink
        default:
            if !rules.isIgnoredAssumingParentIncluded(path.string, isDirectory: false) {
                result.skip(shown, Self.unsupportedReason(info.fileType))
            }
            return nil
        }
        if rules.isIgnoredAssumingParentIncluded(path.string, isDirectory: kind == .directory) { return nil }

        var entry = WalkedEntry(
            path: path, kind: kind, permissions: kind == .symlink ? 0 : UInt32(info.st_mode & 0o7777),
            stat: LocalStat(
                size: kind == .file ? Int64(info.st_size) : 0, modifiedNanoseconds: info.modifiedNanoseconds,
                inode: UInt64(info.st_ino)),
            device: UInt64(info.st_dev))
        switch kind {
        case .symlink:
            do {
                entry.symlinkTarget = try Self.symlinkTarget(text, in: directory, displayPath: shown)
            } catch {
                result.skip(shown, error.description)
                return nil
            }
        case .directory:
            do {
                let opened = try FileDescriptor.open(
                    text, relativeTo: directory,
                    flags: O_RDONLY | O_DIRECTORY | O_NOFOLLOW, displayPath: shown)
                result.entries.append(entry)
                return (opened, path)
            } catch {
                result.entries.append(entry)
                result.unlistable.append(path)
                result.skip(shown, "cannot open directory: \(error.reason)")
                return nil
            }
        case .file:
            break
        }
        result.entries.append(entry)
        return nil
    }

    // MARK: - Helpers

    private static func text(of name: [UInt8]) throws(PathError) -> String {
        guard let text = String(validating: name, as: UTF8.self) else {
            throw .invalidUTF8(String(decoding: name, as: UTF8.self))
        }
        return text
    }

    private static func unsupportedReason(_ type: mode_t) -> String {
        let what =
            switch type {
            case S_IFIFO: "a FIFO"
            case S_IFSOCK: "a socket"
            case S_IFCHR: "a character device"
            case S_IFBLK: "a block device"
            default: "a special file"
            }
        return "it is \(what); only regular files, directories and symlinks are synced"
    }

    /// The names in a directory except `.` and `..`, sorted by bytes.
    /// The corresponding C functions are `fdopendir` and `readdir`.
    package static func names(in directory: FileDescriptor, displayPath: String) throws(SystemError) -> [[UInt8]] {
        let copy = try retryingInterrupts("dup", path: displayPath) { dup(directory.rawValue) }
        guard let stream = fdopendir(copy) else {
            let error = SystemError("opendir", path: displayPath)
            close(copy)
            throw error
        }
        defer { closedir(stream) }
        var names: [[UInt8]] = []
        errno = 0
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name != [UInt8(ascii: ".")] && name != [UInt8(ascii: "."), UInt8(ascii: ".")] {
                names.append(name)
            }
        }
        if errno != 0 { throw SystemError("readdir", path: displayPath) }
        return names.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// The corresponding C function is `readlinkat`.
    package static func symlinkTarget(
        _ name: String, in directory: FileDescriptor, displayPath: String
    ) throws(SymlinkTargetError) -> String {
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = buffer.withUnsafeMutableBytes { out in
            readlinkat(directory.rawValue, name, out.baseAddress!.assumingMemoryBound(to: CChar.self), out.count)
        }
        guard count >= 0 else { throw .unreadable(SystemError("readlink", path: displayPath).reason) }
        guard count < buffer.count - 1 else { throw .tooLong }
        guard let target = String(validating: buffer[..<count], as: UTF8.self) else { throw .invalidUTF8 }
        return target
    }
}

/// Why a symlink's target could not be recorded.
package enum SymlinkTargetError: Error, CustomStringConvertible {
    case unreadable(String)
    case tooLong
    case invalidUTF8

    package var description: String {
        switch self {
        case .unreadable(let reason): "cannot read the symlink: \(reason)"
        case .tooLong: "the symlink target is longer than PATH_MAX"
        case .invalidUTF8: "the symlink target is not valid UTF-8"
        }
    }
}
