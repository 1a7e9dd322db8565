import Glibc
import ShoalIndex
import ShoalModel
import ShoalSync

/// Reading a kept version back out: its bytes copied into a temporary file
/// that is given its real name only when complete.
extension VersionStore {
    /// Writes the kept file of `version` to `path`, anywhere on this machine,
    /// with the version's mode and modification time.
    ///
    /// The copy is written to a temporary file beside `path` and flushed;
    /// only then does it take the name: by `linkat`, which never replaces,
    /// or by `renameat` over what is there when `replacing`. A reader of
    /// `path` never sees a partial file. `path`'s directory must exist;
    /// symlinks on the way to it are followed, as for any path a user types.
    ///
    /// - Throws: `RestoreError.destinationExists` when something is at `path`
    ///   and not `replacing`, `.notAFile` for a directory or special file
    ///   there, `.disk` when reading the version or writing fails.
    public func copy(_ version: StoredVersion, toFileAt path: String, replacing: Bool) throws(RestoreError) {
        let slash = path.lastIndex(of: "/")
        let directoryPath = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let destination: Place
        let old: DiskEntry
        do throws(DiskError) {
            do {
                let directory = try FileDescriptor.open(
                    directoryPath, relativeTo: nil, flags: O_RDONLY | O_DIRECTORY, displayPath: directoryPath)
                destination = Place(directory: directory, name: name, path: path)
            } catch {
                throw DiskError(error)
            }
            old = try DiskEntry(at: destination)
        } catch {
            throw .disk(error)
        }
        switch old {
        case .absent: break
        case .file, .symlink: if !replacing { throw .destinationExists(path) }
        case .directory: throw .notAFile(path, found: "a directory")
        case .special: throw .notAFile(path, found: "a special file")
        }
        let temporary: Place
        do {
            temporary = try stageCopy(of: version, beside: destination, keepingModificationTime: true)
        } catch {
            throw .disk(error)
        }
        do throws(SystemError) {
            if replacing {
                try temporary.rename(to: destination)
            } else if try temporary.link(to: destination) == .linked {
                try? temporary.unlink()
            }
        } catch {
            try? temporary.unlink()
            throw error.code == EEXIST ? .destinationExists(path) : .disk(DiskError(error))
        }
        destination.syncDirectoryAfterChange()
    }

    // MARK: - Staging

    /// Copies the kept file of `version` into a new temporary file beside
    /// `destination` (`TemporaryName.restore`), with the version's mode, and
    /// flushes it. It keeps the version's modification time when asked;
    /// otherwise it has the time of the copy, as a new edit would.
    ///
    /// - Returns: the temporary file, for the caller to rename or remove.
    /// - Throws: `DiskError` when the version cannot be read or the copy
    ///   cannot be written; no temporary is left then.
    func stageCopy(of version: StoredVersion, beside destination: Place, keepingModificationTime: Bool)
        throws(DiskError) -> Place
    {
        let (source, info) = try openKept(version)
        for attempt in 1...100 {
            let temporary = destination.sibling(TemporaryName.restore(process: getpid(), attempt: attempt))
            let file: FileDescriptor
            do {
                file = try FileDescriptor.open(
                    temporary.name, relativeTo: temporary.directory, flags: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW,
                    mode: 0o600, displayPath: temporary.path)
            } catch  where error.code == EEXIST {
                continue
            } catch {
                throw DiskError(error)
            }
            do throws(DiskError) {
                try copyBytes(from: source, version.location, to: file, temporary.path)
                _ = try systemCall("chmod", temporary.path) { fchmod(file.rawValue, info.st_mode & 0o7777) }
                if keepingModificationTime {
                    let times = [info.st_atim, info.st_mtim]
                    _ = try systemCall("futimens", temporary.path) { futimens(file.rawValue, times) }
                }
                _ = try systemCall("fsync", temporary.path) { fsync(file.rawValue) }
            } catch {
                try? temporary.unlink()
                throw error
            }
            return temporary
        }
        throw .io("no free name for a temporary file beside \(destination.path)")
    }

    /// Opens the kept file of `version` for reading, never through a symlink.
    ///
    /// - Throws: `DiskError.io` when it is gone or not a regular file.
    func openKept(_ version: StoredVersion) throws(DiskError) -> (FileDescriptor, stat) {
        let components = version.location.split(separator: "/")
        let directory = try tree.directory(components.dropLast(), creatingWith: nil)
        let file: FileDescriptor
        let info: stat
        do throws(SystemError) {
            file = try FileDescriptor.open(
                String(components.last!), relativeTo: directory, flags: O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY,
                displayPath: version.location)
            info = try file.status(displayPath: version.location)
        } catch {
            throw DiskError(error)
        }
        guard info.fileType == S_IFREG else { throw .io("\(version.location) is not a regular file") }
        return (file, info)
    }

    /// Copies everything `source` holds into `target`, from the start.
    /// The corresponding C functions are `read` and `write`.
    private func copyBytes(
        from source: FileDescriptor, _ sourcePath: String, to target: FileDescriptor, _ targetPath: String
    ) throws(DiskError) {
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset: off_t = 0
        while true {
            let count = try systemCall("read", sourcePath) {
                buffer.withUnsafeMutableBytes { pread(source.rawValue, $0.baseAddress!, $0.count, offset) }
            }
            if count == 0 { return }
            var written = 0
            while written < count {
                written += try systemCall("write", targetPath) {
                    buffer.withUnsafeBytes { write(target.rawValue, $0.baseAddress! + written, count - written) }
                }
            }
            offset += off_t(count)
        }
    }
}
