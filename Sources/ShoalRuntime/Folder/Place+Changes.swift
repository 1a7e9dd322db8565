import Glibc
import ShoalIndex
import ShoalSync

/// How an entry got a second name from `Place.link(to:)`.
enum Placement: Sendable {
    /// A hard link: the entry is at both names.
    case linked
    /// The file system has no hard links: the entry was moved.
    case moved
}

/// A second name an entry was given by `Place.link(to:)`.
struct SecondName: Sendable {
    /// The new name.
    let place: Place
    /// `.linked`: the entry is at its first name too, for the caller to
    /// replace or remove; `.moved`: it is only here.
    let placement: Placement

    /// Undoes the naming when the operation it was for failed: a link is
    /// removed, a moved entry goes back to `original`.
    func undo(backTo original: Place) {
        switch placement {
        case .linked: try? place.unlink()
        case .moved: try? place.rename(to: original)
        }
    }
}

/// The name changes every operation is built from.
extension Place {
    /// Gives the entry here the name `destination` as well, never replacing
    /// what is there: a hard link, which fails with `EEXIST` atomically.
    ///
    /// Where hard links are refused (a file system without them, or
    /// `fs.protected_hardlinks` on another user's file), the entry is moved
    /// instead after checking that `destination` is free, which is not atomic.
    /// The corresponding C functions are `linkat` and `renameat`.
    ///
    /// - Throws: `SystemError`, with code `EEXIST` when `destination` is taken.
    func link(to destination: Place) throws(SystemError) -> Placement {
        let linked = linkat(directory.rawValue, name, destination.directory.rawValue, destination.name, 0)
        if linked == 0 { return .linked }
        let code = errno
        guard code == EPERM || code == EOPNOTSUPP || code == EMLINK else {
            throw SystemError("link", path: "\(path) to \(destination.path)", code: code)
        }
        var info = stat()
        if fstatat(destination.directory.rawValue, destination.name, &info, AT_SYMLINK_NOFOLLOW) == 0 {
            throw SystemError("rename", path: "\(path) to \(destination.path)", code: EEXIST)
        }
        try rename(to: destination)
        return .moved
    }

    /// Renames the entry here over `destination`, replacing a file or symlink
    /// there atomically. The corresponding C function is `renameat`.
    func rename(to destination: Place) throws(SystemError) {
        _ = try retryingInterrupts("rename", path: "\(path) to \(destination.path)") {
            renameat(directory.rawValue, name, destination.directory.rawValue, destination.name)
        }
    }

    /// Removes the file or symlink here; an absent one is fine.
    /// The corresponding C function is `unlinkat`.
    func unlink() throws(DiskError) {
        if Glibc.unlinkat(directory.rawValue, name, 0) != 0 && errno != ENOENT {
            throw DiskError(SystemError("unlink", path: path))
        }
    }

    /// Removes the empty directory here.
    ///
    /// - Throws: `DiskError.directoryNotEmpty` when it has entries.
    func removeDirectory() throws(DiskError) {
        guard Glibc.unlinkat(directory.rawValue, name, AT_REMOVEDIR) != 0 else { return }
        if errno == ENOTEMPTY || errno == EEXIST { throw .directoryNotEmpty }
        throw DiskError(SystemError("rmdir", path: path))
    }

    /// Flushes the directory holding this name, so that a rename or removal
    /// survives a crash. The corresponding C function is `fsync`.
    func syncDirectory() throws(DiskError) {
        _ = try systemCall("fsync", parentPath) { fsync(directory.rawValue) }
    }

    /// Flushes the directory once the change in it is visible. A failure is
    /// not reported: the outcome must tell the engine what the path holds
    /// now, and a later scan or fsync still sees the same state.
    func syncDirectoryAfterChange() {
        _ = fsync(directory.rawValue)
    }

    /// The directory's path relative to the root, for messages.
    var parentPath: String {
        path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
    }
}
