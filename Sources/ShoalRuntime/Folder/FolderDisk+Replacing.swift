import Glibc
import ShoalIndex
import ShoalModel
import ShoalSync

/// Making way for a new entry and putting it in place, shared by commits,
/// symlinks and directories.
extension FolderDisk {
    /// Makes way for a new entry at `place`, where `old` is: a file is kept
    /// in the version store when `keep` (by a hard link, so it stays until
    /// the rename replaces it), an empty directory is removed, and a symlink
    /// or unkept file is left for the rename to replace.
    ///
    /// - Returns: the kept file's name in the version store.
    /// - Throws: `DiskError.directoryNotEmpty` for a directory with entries.
    func clearForReplacement(_ old: DiskEntry, at place: Place, path: RelativePath, keep: Bool) throws(DiskError)
        -> SecondName?
    {
        switch old {
        case .file where keep:
            return try versions.keep(place, as: path)
        case .directory:
            try place.removeDirectory()
            return nil
        default:
            return nil
        }
    }

    /// Moves the file at `place` into the version store (a hard link, then
    /// the old name goes), for changes that cannot replace it by a rename.
    func moveToVersions(_ place: Place, as path: RelativePath) throws(DiskError) {
        let kept = try versions.keep(place, as: path)
        guard kept.placement == .linked else { return }
        do {
            try place.unlink()
        } catch {
            kept.undo(backTo: place)
            throw error
        }
    }

    /// Puts the finished temporary entry at `place`, where `old` was.
    ///
    /// A file or symlink there is replaced atomically by `renameat`. Where
    /// nothing is (or an empty directory was just removed), the name is
    /// claimed with `linkat`, which never replaces: an entry made there since
    /// the check is kept, and the outcome is `targetChanged`.
    func install(_ temporary: Place, at place: Place, over old: DiskEntry) throws(DiskError) {
        do {
            switch old {
            case .absent, .directory:
                if try temporary.link(to: place) == .linked {
                    try? temporary.unlink()  // at worst, a stale temporary for the next start to remove
                }
            default:
                try temporary.rename(to: place)
            }
        } catch {
            throw error.code == EEXIST ? .targetChanged : DiskError(error)
        }
    }

    /// Applies retention after a version of `path` was added. A failure
    /// leaves extra versions, which the next addition removes.
    func trimVersions(of path: RelativePath) {
        try? versions.applyRetention(to: path)
    }
}
