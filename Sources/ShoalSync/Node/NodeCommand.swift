public import ShoalCrypto
public import ShoalIndex
public import ShoalModel
public import ShoalProtocol

/// Something a node asks the outside world to do. The runtime or simulator
/// carries commands out in order and reports back with `NodeEvent`s.
public enum NodeCommand: Hashable, Sendable {
    /// Send `message` to a connected device.
    case send(to: DeviceID, Message)
    /// Close the connection to a device, logging `reason`.
    case disconnect(DeviceID, reason: String)
    /// Perform a disk operation in a folder; its outcome comes back as
    /// `diskOperationFinished` with the same token.
    case disk(OperationToken, FolderID, DiskOperation)
    /// Scan the folder and report `scanFinished` (a disk operation found
    /// an unscanned local change, or a conflict copy was made).
    case scan(FolderID)
    /// Fire `timerFired(id)` after `delay`; starting a running timer again
    /// restarts it.
    case startTimer(TimerID, after: Duration)
    /// Something worth a log line (a refused batch, a conflict, a failure).
    case log(LogLevel, String)
}

/// How loud a log line is.
public enum LogLevel: Hashable, Sendable {
    /// Routine progress.
    case info
    /// Something refused or retried; the node carries on.
    case warning
}

/// The state an operation expects at its path before changing it, so that a
/// local change the scanner has not seen yet is never overwritten.
public enum ExpectedEntry: Hashable, Sendable {
    /// Nothing must exist at the path.
    case absent
    /// A file whose stat matches the index's stat cache.
    case file(LocalStat)
    /// A directory (its mtime changes with its children, so only the kind counts).
    case directory
    /// A symlink with this target.
    case symlink(target: String)
}

/// A change to the folder on disk. All paths are relative to the folder root;
/// temporary files are named by the runtime from the target path and token
/// space (`.shoal-tmp-*`), never visible at the real path.
public enum DiskOperation: Hashable, Sendable {
    /// Read `size` bytes at `offset` of a local file, to serve a peer or to
    /// copy a block locally. The outcome is `.data` or `.failed`.
    case readBlock(path: RelativePath, offset: Int64, size: Int)
    /// Write `data` at `offset` of the temporary file for `target`, creating
    /// it if needed.
    case writeTemporary(target: RelativePath, offset: Int64, data: [UInt8])
    /// Move the finished temporary file for `target` into place: fsync it,
    /// check the target is still `expected`, keep the replaced file in the
    /// version store when `keepReplaced`, optionally first move the replaced
    /// file to `conflictCopy`, set permissions and mtime, rename, fsync the
    /// directory. The outcome's stat is the new file's. Something already at
    /// `conflictCopy` is never replaced: the outcome is then `targetChanged`
    /// (the index has not seen it yet).
    case commitFile(
        target: RelativePath, expected: ExpectedEntry, permissions: UInt32, modifiedNanoseconds: Int64,
        keepReplaced: Bool, conflictCopy: RelativePath?)
    /// Remove the temporary file for `target`, if any.
    case discardTemporary(target: RelativePath)
    /// Remove every temporary file in the folder (after a restart).
    case removeAllTemporaries
    /// Create a directory (parents must exist) or fix its permissions.
    case makeDirectory(path: RelativePath, permissions: UInt32, expected: ExpectedEntry)
    /// Create a symlink pointing at `target`, replacing what is expected there.
    case makeSymlink(path: RelativePath, target: String, expected: ExpectedEntry)
    /// Change the permissions of an existing file whose content is current.
    case setPermissions(path: RelativePath, permissions: UInt32, expected: ExpectedEntry)
    /// Remove a file, symlink or empty directory; a file goes to the version
    /// store when `keepRemoved`.
    case remove(path: RelativePath, expected: ExpectedEntry, keepRemoved: Bool)
}

/// Carries out the `DiskOperation`s of one folder: `FolderDisk` on a real
/// folder, `ArchiveDisk` in an archive's block store. Blocks the calling
/// thread; operations on one path must run in the order the engine gave them.
public protocol DiskExecutor: Sendable {
    /// Carries out `operation` and says how it ended.
    func perform(_ operation: DiskOperation) -> DiskOutcome
}
