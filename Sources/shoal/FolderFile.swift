import Foundation
import ShoalIndex
import ShoalModel
import ShoalRuntime

/// A file path a user typed, placed in the synced folder that holds it.
struct FolderFile {
    /// The folder that holds it.
    let folder: FolderConfig
    /// Its path relative to the folder root.
    let path: RelativePath

    /// Finds the folder whose path is an ancestor of `argument` (absolute,
    /// or relative to `workingDirectory`) at a component boundary: first as
    /// typed, then with symlinks resolved on both sides, for a folder
    /// configured as `~/Shoal` that is a link to `/data/Shoal` or the reverse.
    ///
    /// - Throws: `VersionsError.notInFolder` when no folder holds it,
    ///   `.folderRoot` for a folder itself, `.notSyncable` for a path Shoal
    ///   never syncs (its own names, or names a peer could not have).
    init(_ argument: String, in config: ShoalConfig, workingDirectory: String) throws(VersionsError) {
        let absolute = FolderLocation.absolute(argument, from: workingDirectory)
        let parent = (absolute as NSString).deletingLastPathComponent
        let resolvedParent = FolderLocation.resolved(parent)
        let resolved = (resolvedParent == "/" ? "" : resolvedParent) + "/" + (absolute as NSString).lastPathComponent
        // As typed against the roots as configured, then both with symlinks resolved.
        for resolving in [false, true] {
            let inside = resolving ? resolved : absolute
            for folder in config.folders {
                let configured = FolderLocation.absolute(folder.path, from: "/")
                let root = resolving ? FolderLocation.resolved(configured) : configured
                guard FolderLocation.contains(root, inside) else { continue }
                let relative = String(decoding: inside.utf8.dropFirst(root == "/" ? 1 : root.utf8.count + 1), as: UTF8.self)
                guard !relative.isEmpty else { throw .folderRoot(absolute, folder) }
                do {
                    path = try RelativePath(relative)
                } catch {
                    throw .notSyncable(absolute, reason: error.description)
                }
                guard !ShoalInternalNames.isInternal(relativePath: relative) else {
                    throw .notSyncable(absolute, reason: "it is one of Shoal's own names")
                }
                self.folder = folder
                return
            }
        }
        throw .notInFolder(absolute)
    }
}

extension FolderFile {
    /// The file's kept versions, oldest first.
    ///
    /// - Throws: `VersionsError.unreadable` when the folder or its version
    ///   store cannot be read.
    func keptVersions() throws(VersionsError) -> [StoredVersion] {
        let disk = try folder.openDisk()
        do {
            return try disk.versions.versions(of: path)
        } catch {
            throw .unreadable(folder, error.description)
        }
    }
}

extension FolderConfig {
    /// The folder on disk, with its configured retention.
    ///
    /// - Throws: `VersionsError.unreadable` when its root cannot be opened.
    func openDisk() throws(VersionsError) -> FolderDisk {
        do {
            return try FolderDisk(root: path, retention: versions)
        } catch {
            throw .unreadable(self, error.description)
        }
    }
}
