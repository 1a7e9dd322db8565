import Glibc
import ShoalIndex
import ShoalModel
import ShoalSync

/// Putting a kept version back at its path, as a local change of the user's.
extension FolderDisk {
    /// Puts `version` back at its path, creating missing parent directories.
    ///
    /// The bytes are copied into a temporary file beside the path
    /// (`.shoal-tmp-*`, which the scanner never indexes), flushed, and
    /// renamed into place, so a scan sees the old file or the whole restored
    /// one. The restored file has the version's mode and the current time:
    /// it is a new local change, which a running daemon finds and sends to
    /// the folder's peers.
    ///
    /// A file at the path is first kept in the version store, as sync keeps
    /// what it replaces, so a restore loses nothing; retention then runs for
    /// the path. Blocks the calling thread on disk I/O.
    ///
    /// - Returns: the version the replaced file became, or `nil` when no file
    ///   was at the path.
    /// - Throws: `RestoreError.internalName` for Shoal's own paths,
    ///   `.notAFile` when a directory, symlink or special file is at the path,
    ///   `.changedMeanwhile` when the file there was replaced during the
    ///   restore, `.disk` for a failed read or write. Nothing at the path has
    ///   changed then.
    public func restore(_ version: StoredVersion) throws(RestoreError) -> StoredVersion? {
        let path = version.path
        guard !ShoalInternalNames.isInternal(relativePath: path.string) else { throw .internalName(path.string) }
        let place: Place
        let old: DiskEntry
        do throws(DiskError) {
            _ = try versions.openKept(version)  // readable, before any directory is made for it
            let directory = try tree.directory(path.components.dropLast(), creatingWith: 0o755)
            place = Place(directory: directory, name: String(path.name), path: path.string)
            old = try DiskEntry(at: place)
        } catch {
            throw .disk(error)
        }
        if let found = Self.obstacle(old) { throw .notAFile(path.string, found: found) }
        let temporary: Place
        do {
            temporary = try versions.stageCopy(of: version, beside: place, keepingModificationTime: false)
        } catch {
            throw .disk(error)
        }
        do throws(RestoreError) {
            let kept = try keepBeforeRestoring(old, at: place, path: path)
            do {
                try install(temporary, at: place, over: kept?.placement == .moved ? .absent : old)
            } catch {
                kept?.undo(backTo: place)
                throw error == .targetChanged ? .changedMeanwhile(path.string) : .disk(error)
            }
            place.syncDirectoryAfterChange()
            guard let kept else { return nil }
            let stored = try? versions.versions(of: path).first { $0.location == kept.place.path }
            trimVersions(of: path)
            return stored ?? nil
        } catch {
            try? temporary.unlink()
            throw error
        }
    }

    /// Keeps the file at `place` in the version store, when `old` is a file,
    /// and checks that the name still holds the very file kept: one put
    /// there meanwhile would otherwise be replaced without being kept.
    private func keepBeforeRestoring(_ old: DiskEntry, at place: Place, path: RelativePath) throws(RestoreError)
        -> SecondName?
    {
        guard old.isFile else { return nil }
        let kept: SecondName
        do {
            kept = try versions.keep(place, as: path)
        } catch {
            throw .disk(error)
        }
        guard kept.placement == .linked else { return kept }  // moved: the path is empty now
        guard case .file(let now)? = try? DiskEntry(at: place), case .file(let stored)? = try? DiskEntry(at: kept.place),
            now.inode == stored.inode
        else {
            kept.undo(backTo: place)
            throw .changedMeanwhile(path.string)
        }
        return kept
    }

    /// What is in the way of a restore, in words, or `nil` for nothing or a file.
    private static func obstacle(_ entry: DiskEntry) -> String? {
        switch entry {
        case .absent, .file: nil
        case .directory: "a directory"
        case .symlink: "a symlink"
        case .special: "a special file"
        }
    }
}
