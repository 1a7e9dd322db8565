import Glibc
import ShoalIndex
import ShoalSync

/// What is at a place on disk, looked at without following a symlink.
enum DiskEntry: Sendable {
    case absent
    case file(LocalStat)
    case directory(LocalStat)
    case symlink(target: String, LocalStat)
    /// A FIFO, socket or device: never Shoal's to replace.
    case special

    /// Looks at `place` (`fstatat` with `AT_SYMLINK_NOFOLLOW`, and
    /// `readlinkat` for a symlink).
    ///
    /// - Throws: `DiskError` for any failure but the entry's absence.
    init(at place: Place) throws(DiskError) {
        var info = Glibc.stat()
        guard fstatat(place.directory.rawValue, place.name, &info, AT_SYMLINK_NOFOLLOW) == 0 else {
            if errno == ENOENT {
                self = .absent
                return
            }
            throw DiskError(SystemError("lstat", path: place.path))
        }
        let stat = LocalStat(info)
        switch info.fileType {
        case S_IFREG: self = .file(stat)
        case S_IFDIR: self = .directory(stat)
        case S_IFLNK:
            do {
                let target = try DirectoryWalker.symlinkTarget(place.name, in: place.directory, displayPath: place.path)
                self = .symlink(target: target, stat)
            } catch {
                throw .io("\(place.path): \(error)")
            }
        default: self = .special
        }
    }

    /// Whether this is what the engine expects: a file must still have the
    /// size, mtime and inode the index cached.
    func matches(_ expected: ExpectedEntry) -> Bool {
        switch (self, expected) {
        case (.absent, .absent), (.directory, .directory): true
        case (.file(let stat), .file(let cached)): stat == cached
        case (.symlink(let target, _), .symlink(let wanted)): target == wanted
        default: false
        }
    }

    /// The stat for the index's cache; `nil` when nothing is there.
    var stat: LocalStat? {
        switch self {
        case .absent, .special: nil
        case .file(let stat), .directory(let stat), .symlink(_, let stat): stat
        }
    }

    /// A regular file.
    var isFile: Bool {
        if case .file = self { return true }
        return false
    }
}

extension LocalStat {
    /// The stat cache entry the scanner would record: size only for a file.
    init(_ info: stat) {
        self.init(
            size: info.fileType == S_IFREG ? Int64(info.st_size) : 0, modifiedNanoseconds: info.modifiedNanoseconds,
            inode: UInt64(info.st_ino))
    }
}
