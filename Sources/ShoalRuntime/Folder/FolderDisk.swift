import Glibc
import ShoalIndex
import ShoalModel
public import ShoalSync

/// Carries out the sync engine's `DiskOperation`s for one folder on the real
/// file system: the daemon's counterpart of the simulator's `SimDisk`.
///
/// Every path is reached from the folder root's descriptor one component at
/// a time with `openat` and `O_NOFOLLOW`: a symlink inside the folder, even
/// one planted where a parent directory was, never leads a read or a write
/// outside it. Shoal's own names (`.shoal/`, `.shoal-tmp-*`) are refused as
/// operation paths, so a peer cannot reach the version store.
///
/// A pulled file is assembled in a temporary file beside its target and
/// renamed into place only when complete (`commitFile`): no partial file is
/// ever visible at the real path. Every change first checks that the entry
/// at its path is still what the index says (`ExpectedEntry`); otherwise it
/// fails with `targetChanged` and changes nothing there.
///
/// Threading: operations are synchronous and block on disk I/O, so call
/// them on a worker thread, never on an event loop. Use one instance per
/// folder. Operations on one path must run in the order the engine gave
/// them; operations on different paths may run concurrently, since the
/// instance holds no mutable state.
public final class FolderDisk: DiskExecutor {
    /// The most bytes one `readBlock` may ask for (16 times the largest block).
    public static let maxReadSize = 16 << 20

    /// Where replaced and removed files are kept.
    public let versions: VersionStore
    let tree: FolderTree

    /// Opens the folder at `root` (which may itself be a symlink; nothing
    /// below it is followed).
    ///
    /// - Parameters:
    ///   - retention: how long the version store keeps files.
    ///   - clock: seconds since the Unix epoch, for version names.
    /// - Throws: `DiskError.io` when `root` cannot be opened as a directory.
    public init(
        root: String, retention: VersionRetention = VersionRetention(),
        clock: @escaping @Sendable () -> Int64 = VersionStore.systemClock
    ) throws(DiskError) {
        tree = try FolderTree(path: root)
        versions = VersionStore(tree: tree, retention: retention, clock: clock)
    }

    /// Carries out `operation` and says how it ended, as `SimDisk` does in
    /// the simulator.
    ///
    /// Failures come back as `.failed`: `targetChanged` when the entry is not
    /// what the operation expects, `sourceChanged` for a block that cannot be
    /// read in full, `directoryNotEmpty`, `noSpace` for `ENOSPC` and
    /// `EDQUOT`, and `io` with the call, path and reason for anything else.
    /// Blocks the calling thread.
    public func perform(_ operation: DiskOperation) -> DiskOutcome {
        do throws(DiskError) {
            switch operation {
            case .readBlock(let path, let offset, let size):
                return try readBlock(path, offset: offset, size: size)
            case .writeTemporary(let target, let offset, let data):
                return try writeTemporary(target, offset: offset, data: data)
            case .commitFile(let target, let expected, let permissions, let mtime, let keepReplaced, let conflictCopy):
                return try commitFile(
                    target, expected: expected, permissions: permissions, modifiedNanoseconds: mtime,
                    keepReplaced: keepReplaced, conflictCopy: conflictCopy)
            case .discardTemporary(let target):
                return try discardTemporary(target)
            case .removeAllTemporaries:
                return try removeAllTemporaries()
            case .makeDirectory(let path, let permissions, let expected):
                return try makeDirectory(path, permissions: permissions, expected: expected)
            case .makeSymlink(let path, let target, let expected):
                return try makeSymlink(path, target: target, expected: expected)
            case .setPermissions(let path, let permissions, let expected):
                return try setPermissions(path, permissions: permissions, expected: expected)
            case .remove(let path, let expected, let keepRemoved):
                return try remove(path, expected: expected, keepRemoved: keepRemoved)
            }
        } catch {
            return .failed(error)
        }
    }

    /// The place of `path`, refusing Shoal's own names.
    ///
    /// - Throws: `DiskError.io` for an internal path or an ancestor that is
    ///   missing, a symlink or not a directory.
    func place(of path: RelativePath) throws(DiskError) -> Place {
        guard !ShoalInternalNames.isInternal(relativePath: path.string) else {
            throw .io("\(path) is one of Shoal's own names; it is never synced")
        }
        return try tree.place(of: path)
    }
}
