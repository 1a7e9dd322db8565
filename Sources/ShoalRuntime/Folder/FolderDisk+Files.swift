import Glibc
import ShoalIndex
import ShoalModel
import ShoalSync

/// Reading blocks, assembling pulled files in temporaries, and committing them.
extension FolderDisk {
    // MARK: - Reading

    /// Reads exactly `size` bytes at `offset` of the regular file at `path`.
    /// Anything else there, or a file now too short, is `sourceChanged`.
    func readBlock(_ path: RelativePath, offset: Int64, size: Int) throws(DiskError) -> DiskOutcome {
        guard offset >= 0, (0...Self.maxReadSize).contains(size) else {
            throw .io("read \(path): \(size) bytes at \(offset) is outside what a block can be")
        }
        let file: FileDescriptor
        do {
            let place = try self.place(of: path)
            file = try FileDescriptor.open(
                place.name, relativeTo: place.directory, flags: O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY,
                displayPath: place.path)
            guard try file.status(displayPath: place.path).fileType == S_IFREG else { return .failed(.sourceChanged) }
        } catch {
            return .failed(.sourceChanged)  // gone, replaced, or no longer reachable without a symlink
        }
        var data = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let count = try systemCall("read", path.string) {
                data.withUnsafeMutableBytes { raw in
                    pread(file.rawValue, raw.baseAddress! + filled, size - filled, off_t(offset) + off_t(filled))
                }
            }
            if count == 0 { return .failed(.sourceChanged) }
            filled += count
        }
        return .data(data)
    }

    // MARK: - Temporaries

    /// Writes `data` at `offset` of `target`'s temporary file, creating it.
    func writeTemporary(_ target: RelativePath, offset: Int64, data: [UInt8]) throws(DiskError) -> DiskOutcome {
        guard offset >= 0 else { throw .io("write \(target): negative offset \(offset)") }
        let temporary = try place(of: target).sibling(TemporaryName.file(for: target))
        let (file, _) = try openTemporary(temporary, creating: true)
        var written = 0
        while written < data.count {
            written += try systemCall("write", temporary.path) {
                data.withUnsafeBytes { raw in
                    pwrite(
                        file.rawValue, raw.baseAddress! + written, data.count - written, off_t(offset) + off_t(written))
                }
            }
        }
        return .done(stat: nil)
    }

    /// Removes `target`'s temporary file, if there is one.
    func discardTemporary(_ target: RelativePath) throws(DiskError) -> DiskOutcome {
        let place: Place
        do {
            place = try self.place(of: target)
        } catch {
            return .done(stat: nil)  // no directory to hold a temporary
        }
        try place.sibling(TemporaryName.file(for: target)).unlink()
        return .done(stat: nil)
    }

    /// Opens a temporary file for writing, never through a symlink and never
    /// anything but a regular file (a FIFO planted there must not block).
    ///
    /// - Returns: the file, and whether it was created (only when `creating`).
    func openTemporary(_ temporary: Place, creating: Bool) throws(DiskError) -> (FileDescriptor, created: Bool) {
        let flags = O_WRONLY | O_NOFOLLOW | O_NONBLOCK
        var created = false
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(
                temporary.name, relativeTo: temporary.directory, flags: flags, displayPath: temporary.path)
        } catch  where error.code == ENOENT && creating {
            do {
                file = try FileDescriptor.open(
                    temporary.name, relativeTo: temporary.directory, flags: flags | O_CREAT | O_EXCL, mode: 0o600,
                    displayPath: temporary.path)
                created = true
            } catch {
                throw DiskError(error)
            }
        } catch {
            throw DiskError(error)
        }
        guard try status(of: file, temporary).fileType == S_IFREG else {
            throw .io("\(temporary.path) is not a regular file")
        }
        return (file, created)
    }

    // MARK: - Committing

    /// Moves `target`'s finished temporary file into place; see
    /// `DiskOperation.commitFile`. A file with no blocks has no temporary:
    /// an empty one is made and committed the same way.
    func commitFile(
        _ target: RelativePath, expected: ExpectedEntry, permissions: UInt32, modifiedNanoseconds: Int64,
        keepReplaced: Bool, conflictCopy: RelativePath?
    ) throws(DiskError) -> DiskOutcome {
        let copyPlace = try conflictCopy.map { (path) throws(DiskError) in try self.place(of: path) }
        let (place, old) = try checked(target, expected)
        let temporary = place.sibling(TemporaryName.file(for: target))
        let (file, created) = try openTemporary(temporary, creating: true)
        do throws(DiskError) {
            try settle(file, temporary, permissions: permissions, modifiedNanoseconds: modifiedNanoseconds)
            // The replaced file's second name: its conflict copy, or its
            // place in the version store.
            let makesCopy = copyPlace != nil && old.isFile
            let kept =
                makesCopy
                ? try secondName(place, copyPlace!)
                : try clearForReplacement(old, at: place, path: target, keep: keepReplaced)
            do throws(DiskError) {
                try install(temporary, at: place, over: old)
            } catch {
                kept?.undo(backTo: place)
                throw error
            }
            place.syncDirectoryAfterChange()
            if let copyPlace, !copyPlace.isBeside(place) { copyPlace.syncDirectoryAfterChange() }
            if kept != nil && !makesCopy { trimVersions(of: target) }
            return .done(stat: LocalStat(try status(of: file, temporary)))
        } catch {
            if created { try? temporary.unlink() }
            throw error
        }
    }

    /// Gives the file at `place` the conflict copy's name, which must be free.
    private func secondName(_ place: Place, _ copy: Place) throws(DiskError) -> SecondName {
        do {
            return SecondName(place: copy, placement: try place.link(to: copy))
        } catch {
            throw error.code == EEXIST ? .targetChanged : DiskError(error)
        }
    }

    /// Sets the temporary's mode and mtime and flushes it to disk.
    /// The corresponding C functions are `fchmod`, `futimens` and `fsync`.
    private func settle(_ file: FileDescriptor, _ temporary: Place, permissions: UInt32, modifiedNanoseconds: Int64)
        throws(DiskError)
    {
        _ = try systemCall("chmod", temporary.path) { fchmod(file.rawValue, mode_t(permissions & 0o7777)) }
        let times = [Self.omitTime, timespec(nanoseconds: modifiedNanoseconds)]
        _ = try systemCall("futimens", temporary.path) { futimens(file.rawValue, times) }
        _ = try systemCall("fsync", temporary.path) { fsync(file.rawValue) }
    }

    func status(of file: FileDescriptor, _ place: Place) throws(DiskError) -> stat {
        do {
            return try file.status(displayPath: place.path)
        } catch {
            throw DiskError(error)
        }
    }

    /// `UTIME_OMIT`, which Swift does not import: leave the access time.
    private static let omitTime = timespec(tv_sec: 0, tv_nsec: (1 << 30) - 2)
}

extension timespec {
    /// The time `nanoseconds` after the Unix epoch (before it, if negative).
    init(nanoseconds: Int64) {
        let (seconds, rest) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        self =
            rest < 0
            ? timespec(tv_sec: time_t(seconds - 1), tv_nsec: Int(rest + 1_000_000_000))
            : timespec(tv_sec: time_t(seconds), tv_nsec: Int(rest))
    }
}
