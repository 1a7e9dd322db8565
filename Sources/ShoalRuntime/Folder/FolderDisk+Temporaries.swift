import Glibc
import ShoalIndex
import ShoalSync

/// Removing the temporaries a crash left behind.
extension FolderDisk {
    /// Walks the whole folder, never following a symlink and skipping
    /// `.shoal/`, and removes every file or symlink whose name starts with
    /// `.shoal-tmp-`.
    ///
    /// The walk goes depth first and holds open only the directories on the
    /// current path, so a wide tree cannot exhaust descriptors. A directory
    /// that cannot be listed is passed over; the first failure is reported
    /// after everything else was tried.
    func removeAllTemporaries() throws(DiskError) -> DiskOutcome {
        var firstFailure: DiskError?
        // Directories still to visit: the parent's descriptor (none for the
        // root), the name and the path. Only ancestors of the current
        // directory are held open through them.
        var pending: [(parent: FileDescriptor?, name: String, path: String)] = [(nil, ".", "")]
        while let (parent, name, path) = pending.popLast() {
            let directory: FileDescriptor
            let names: [[UInt8]]
            do throws(SystemError) {
                directory =
                    try parent.map { (parent) throws(SystemError) in
                        try FileDescriptor.open(
                            name, relativeTo: parent, flags: O_RDONLY | O_DIRECTORY | O_NOFOLLOW, displayPath: path)
                    } ?? tree.root
                names = try DirectoryWalker.names(in: directory, displayPath: path.isEmpty ? "." : path)
            } catch {
                if error.code != ENOENT { firstFailure = firstFailure ?? DiskError(error) }
                continue
            }
            for bytes in names {
                guard let name = String(validating: bytes, as: UTF8.self) else { continue }  // never one of ours
                if path.isEmpty && name == ShoalInternalNames.stateDirectory { continue }
                let child = path.isEmpty ? name : path + "/" + name
                var info = stat()
                guard fstatat(directory.rawValue, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                if name.hasPrefix(ShoalInternalNames.temporaryPrefix) {
                    guard info.fileType != S_IFDIR else { continue }  // Shoal never makes one
                    do throws(DiskError) {
                        try Place(directory: directory, name: name, path: child).unlink()
                    } catch {
                        firstFailure = firstFailure ?? error
                    }
                } else if info.fileType == S_IFDIR {
                    pending.append((directory, name, child))
                }
            }
        }
        if let firstFailure { throw firstFailure }
        return .done(stat: nil)
    }
}
