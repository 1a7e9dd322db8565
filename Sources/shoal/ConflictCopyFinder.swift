import Glibc
import ShoalIndex
import ShoalSync

/// A conflict copy found on disk.
struct FoundConflictCopy {
    /// Its path relative to the folder root.
    var path: String
    /// What its name says.
    var name: ConflictCopyName
    /// The path of the file it is a losing version of, relative to the folder root.
    var originalPath: String
    /// Whether that file exists.
    var originalExists: Bool
}

/// Finds the conflict copies in a folder, the way the scanner walks it:
/// never following a symlink, skipping Shoal's own files (`.shoal/`,
/// `.shoal-tmp-*`) and names that are not UTF-8.
enum ConflictCopyFinder {
    /// What a walk found: the copies in path order, and the directories it could not read.
    struct Result {
        var copies: [FoundConflictCopy] = []
        var unreadable: [SystemError] = []
    }

    /// Walks the folder at `root`.
    ///
    /// - Throws: `SystemError` when the root itself cannot be opened.
    static func find(in root: String) throws(SystemError) -> Result {
        let rootDescriptor = try FileDescriptor.open(
            root, relativeTo: nil, flags: O_RDONLY | O_DIRECTORY, displayPath: root)
        var result = Result()
        var pending: [(FileDescriptor, String?)] = [(rootDescriptor, nil)]
        while let (directory, path) = pending.popLast() {
            let names: [[UInt8]]
            do {
                names = try DirectoryWalker.names(in: directory, displayPath: path ?? root)
            } catch {
                result.unreadable.append(error)
                continue
            }
            for bytes in names {
                guard let name = String(validating: bytes, as: UTF8.self) else { continue }
                let child = path.map { $0 + "/" + name } ?? name
                if ShoalInternalNames.isInternal(relativePath: child) { continue }
                var info = stat()
                guard fstatat(directory.rawValue, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                if info.st_mode & S_IFMT == S_IFDIR {
                    do {
                        pending.append(
                            (
                                try FileDescriptor.open(
                                    name, relativeTo: directory, flags: O_RDONLY | O_DIRECTORY | O_NOFOLLOW,
                                    displayPath: child), child
                            ))
                    } catch {
                        result.unreadable.append(error)
                    }
                } else if let copy = ConflictCopyName(name) {
                    var originalInfo = stat()
                    result.copies.append(
                        FoundConflictCopy(
                            path: child, name: copy,
                            originalPath: path.map { $0 + "/" + copy.originalName } ?? copy.originalName,
                            originalExists: fstatat(
                                directory.rawValue, copy.originalName, &originalInfo, AT_SYMLINK_NOFOLLOW) == 0))
                }
            }
        }
        result.copies.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        return result
    }
}
