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
        // Directories still to visit: the parent's descriptor and the name.
        var pending: [(parent: FileDescriptor, name: String, path: String)] = []
        var current: (FileDescriptor, String)? = (tree.root, "")
        while let (directory, path) = current ?? open(pending.popLast(), &firstFailure) {
            current = nil
            let names: [[UInt8]]
            do {
                names = try DirectoryWalker.names(in: directory, displayPath: path.isEmpty ? "." : path)
            } catch {
                firstFailure = firstFailure ?? DiskError(error)
                continue
            }
            for bytes in names {
                guard let name = String(validating: bytes, as: UTF8.self) else { continue }  // never one of ours
                let child = path.isEmpty ? name : path + "/" + name
                if path.isEmpty && name == ShoalInternalNames.stateDirectory { continue }
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

    /// Opens the next pending directory, skipping ones that cannot be opened.
    private func open(
        _ next: (parent: FileDescriptor, name: String, path: String)?, _ firstFailure: inout DiskError?
    ) -> (FileDescriptor, String)? {
        var next = next
        while let (parent, name, path) = next {
            do {
                let directory = try FileDescriptor.open(
                    name, relativeTo: parent, flags: O_RDONLY | O_DIRECTORY | O_NOFOLLOW, displayPath: path)
                return (directory, path)
            } catch {
                if error.code != ENOENT { firstFailure = firstFailure ?? DiskError(error) }
                next = nil
            }
        }
        return nil
    }
}
