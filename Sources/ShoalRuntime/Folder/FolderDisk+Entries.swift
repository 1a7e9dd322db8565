import Glibc
import ShoalIndex
import ShoalModel
import ShoalSync

/// Directories, symlinks, modes and removals.
extension FolderDisk {
    /// Creates the directory at `path` (its parent must exist), or fixes the
    /// mode of the directory there. A file it replaces goes to the version
    /// store; a symlink is removed.
    func makeDirectory(_ path: RelativePath, permissions: UInt32, expected: ExpectedEntry) throws(DiskError)
        -> DiskOutcome
    {
        let (place, old) = try checked(path, expected)
        switch old {
        case .directory:
            break
        case .file:
            try moveToVersions(place, as: path)
        case .symlink:
            try place.unlink()
        case .absent, .special:
            break
        }
        if case .directory = old {
        } else {
            if mkdirat(place.directory.rawValue, place.name, 0o700) != 0 {
                throw errno == EEXIST ? .targetChanged : DiskError(SystemError("mkdir", path: place.path))
            }
        }
        try changeMode(place, permissions)
        place.syncDirectoryAfterChange()
        if old.isFile { trimVersions(of: path) }
        return .done(stat: try DiskEntry(at: place).stat)
    }

    /// Makes a symlink at `path` pointing at `target`, replacing what is
    /// expected there atomically (a replaced file goes to the version store).
    func makeSymlink(_ path: RelativePath, target: String, expected: ExpectedEntry) throws(DiskError) -> DiskOutcome {
        let (place, old) = try checked(path, expected)
        let temporary = place.sibling(TemporaryName.symlink(for: path))
        try temporary.unlink()  // a leftover from a crash
        _ = try systemCall("symlink", temporary.path) {
            symlinkat(target, temporary.directory.rawValue, temporary.name)
        }
        do throws(DiskError) {
            let kept = try clearForReplacement(old, at: place, path: path, keep: true)
            do throws(DiskError) {
                try install(temporary, at: place, over: old)
            } catch {
                kept?.undo(backTo: place)
                throw error
            }
        } catch {
            try? temporary.unlink()
            throw error
        }
        place.syncDirectoryAfterChange()
        if old.isFile { trimVersions(of: path) }
        return .done(stat: try DiskEntry(at: place).stat)
    }

    /// Changes the mode of the file at `path`, whose content is current.
    func setPermissions(_ path: RelativePath, permissions: UInt32, expected: ExpectedEntry) throws(DiskError)
        -> DiskOutcome
    {
        let (place, old) = try checked(path, expected)
        guard old.isFile else { throw .targetChanged }
        try changeMode(place, permissions)
        return .done(stat: try DiskEntry(at: place).stat)
    }

    /// Removes the file, symlink or empty directory at `path`; a file goes
    /// to the version store when `keepRemoved`. Nothing there is done.
    func remove(_ path: RelativePath, expected: ExpectedEntry, keepRemoved: Bool) throws(DiskError) -> DiskOutcome {
        let (place, old) = try checked(path, expected)
        switch old {
        case .absent:
            return .done(stat: nil)
        case .file where keepRemoved:
            try moveToVersions(place, as: path)
        case .file, .symlink:
            try place.unlink()
        case .directory:
            try place.removeDirectory()
        case .special:
            throw .targetChanged
        }
        place.syncDirectoryAfterChange()
        if old.isFile && keepRemoved { trimVersions(of: path) }
        return .done(stat: nil)
    }

    // MARK: - Helpers

    /// The place of `path` and what is there, which must be `expected`.
    ///
    /// - Throws: `DiskError.targetChanged` when it is not.
    func checked(_ path: RelativePath, _ expected: ExpectedEntry) throws(DiskError) -> (Place, DiskEntry) {
        let place = try self.place(of: path)
        let old = try DiskEntry(at: place)
        guard old.matches(expected) else { throw .targetChanged }
        return (place, old)
    }

    /// Sets the mode of the entry at `place` without following a symlink.
    /// The corresponding C function is `fchmodat` with `AT_SYMLINK_NOFOLLOW`.
    private func changeMode(_ place: Place, _ permissions: UInt32) throws(DiskError) {
        _ = try systemCall("chmod", place.path) {
            fchmodat(place.directory.rawValue, place.name, mode_t(permissions & 0o7777), AT_SYMLINK_NOFOLLOW)
        }
    }
}
