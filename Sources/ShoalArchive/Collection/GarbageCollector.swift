public import ShoalCrypto

/// Drops old versions under a retention policy, then removes the blocks no
/// kept version references.
///
/// ## Crash safety
///
/// The two steps can be interrupted anywhere and simply run again:
///
/// 1. `applyRetention` removes version rows in one transaction: all or none.
/// 2. `sweepBlocks` reads the referenced blocks *after* that commit, then
///    removes a block only if no committed version references it and its
///    file was not modified within `grace`. A crash between or during the
///    steps leaves unreferenced blocks behind, which the next run removes; it
///    can never leave a version without its blocks.
///
/// ## Why the grace period suffices
///
/// A version's blocks are stored before its row is committed, so for a while
/// a block is needed but not referenced. Every `put` writes the block or, if
/// it is already there, refreshes its modification time; `markInUse` does the
/// same for blocks a version reuses. Both take the store's name lock, as does
/// the sweep's check-and-remove, so a block is never removed between being
/// found and being refreshed. Suppose a version committed after the sweep
/// read the referenced set uses block `b`, and the sweep (started at `now`)
/// removes `b`: it saw `b`'s time older than `now - grace`, so `b` was last
/// put or marked more than `grace` before the version committed (which was
/// after `now`). The archive node therefore only has to commit each version
/// within `grace` of the last `put` or `markInUse` of its blocks: call
/// `markInUse` on all of a version's blocks right before `record`, and the
/// margin is the time between the two calls. If `markInUse` reports a block
/// missing, fetch it again before recording.
///
/// `now` must come from the same clock as file times (the wall clock); a
/// clock that jumps forward by more than `grace` shortens the margin.
public struct GarbageCollector: Sendable {
    /// The history whose versions are thinned.
    public let history: VersionHistory
    /// The store whose unreferenced blocks are removed.
    public let blocks: BlockStore
    /// Which versions to keep.
    public let policy: RetentionPolicy
    /// Seconds during which an unreferenced block is kept after it was last
    /// put or marked in use.
    public let grace: Int64

    /// One hour: far longer than the moment between storing a version's
    /// blocks (or marking them in use) and recording the version.
    public static let defaultGrace: Int64 = 3600

    /// Creates a collector.
    public init(history: VersionHistory, blocks: BlockStore, policy: RetentionPolicy = .default, grace: Int64 = defaultGrace) {
        self.history = history
        self.blocks = blocks
        self.policy = policy
        self.grace = grace
    }

    /// Applies the retention policy, then sweeps the blocks.
    ///
    /// Runs on the calling thread and blocks on disk I/O; it walks the whole
    /// block store. Do not run two collections of one store at once.
    ///
    /// - Parameter now: the wall-clock time in seconds since the epoch.
    /// - Throws: `GarbageCollectionError` naming the step that failed; the
    ///   steps before it are done, and running again is safe.
    public func collect(now: Int64) throws(GarbageCollectionError) -> GarbageCollectionReport {
        let dropped = try applyRetention(now: now)
        var report = try sweepBlocks(now: now)
        report.versionsDropped = dropped.count
        return report
    }

    /// Step 1: removes the versions the policy drops, in one transaction.
    ///
    /// - Returns: the ids removed.
    /// - Throws: `GarbageCollectionError.history` when the transaction fails.
    public func applyRetention(now: Int64) throws(GarbageCollectionError) -> [Int64] {
        do {
            return try history.applyRetention(policy, now: now)
        } catch {
            throw .history(error)
        }
    }

    /// Step 2: removes every block that no version references and that was
    /// not put or marked in use within `grace` before `now`.
    ///
    /// - Throws: `GarbageCollectionError` when the history cannot be read or
    ///   a block cannot be listed or removed.
    public func sweepBlocks(now: Int64) throws(GarbageCollectionError) -> GarbageCollectionReport {
        let referenced: Set<ContentHash>
        do {
            referenced = try history.referencedBlocks()
        } catch {
            throw .history(error)
        }
        var report = GarbageCollectionReport()
        var present = Set<ContentHash>()
        let cutoff = now - grace
        do {
            try blocks.walk { file throws(BlockStoreError) in
                guard case .block(let hash, _) = file else { return }
                guard !referenced.contains(hash) else {
                    present.insert(hash)
                    return
                }
                if let freed = try blocks.remove(hash, ifModifiedBefore: cutoff) {
                    report.blocksRemoved += 1
                    report.bytesFreed += freed
                } else {
                    report.blocksKeptForGrace += 1
                }
            }
        } catch {
            throw .blocks(error)
        }
        report.missingBlocks = referenced.subtracting(present).sorted()
        return report
    }
}

/// What a garbage collection did.
public struct GarbageCollectionReport: Hashable, Sendable {
    /// Versions the retention policy dropped.
    public var versionsDropped = 0
    /// Unreferenced blocks removed.
    public var blocksRemoved = 0
    /// The size of the removed block files.
    public var bytesFreed: Int64 = 0
    /// Unreferenced blocks kept because they were put or marked in use
    /// within the grace period (uploads whose version is not recorded yet).
    public var blocksKeptForGrace = 0
    /// Blocks some kept version references that the store does not have:
    /// those versions cannot be restored until the blocks are fetched again.
    /// Empty in a healthy archive.
    public var missingBlocks: [ContentHash] = []

    /// An empty report.
    public init() {}
}

/// Why a garbage collection stopped.
public enum GarbageCollectionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Reading or thinning the version history failed.
    case history(VersionHistoryError)
    /// Listing or removing blocks failed.
    case blocks(BlockStoreError)

    public var description: String {
        switch self {
        case .history(let error): "garbage collection stopped: \(error)"
        case .blocks(let error): "garbage collection stopped while sweeping blocks: \(error)"
        }
    }
}
