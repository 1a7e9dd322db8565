public import ShoalCrypto
public import ShoalIndex
public import ShoalModel
public import ShoalSync

/// The archive node's `FolderStore`: the index every node has, plus the
/// version history. Every version the engine applies is recorded in the
/// history before the index, so nothing the archive has acknowledged is
/// lost, and no version is ever overwritten.
public final class ArchiveStore: FolderStore {
    /// The engine's index (records, sequences, kept batches).
    public let index: IndexDatabase
    /// Every version of every path.
    public let history: VersionHistory
    /// The blocks the versions reference.
    public let blocks: BlockStore
    private let clock: @Sendable () -> Int64

    /// Creates the store over the three parts; `clock` gives seconds since
    /// the Unix epoch for the versions' times.
    public init(index: IndexDatabase, history: VersionHistory, blocks: BlockStore, clock: @escaping @Sendable () -> Int64) {
        self.index = index
        self.history = history
        self.blocks = blocks
        self.clock = clock
    }

    public func records(in folder: FolderID) throws -> [FileRecord] { try index.records(in: folder) }

    public func records(in folder: FolderID, after sequence: UInt64) throws -> [FileRecord] {
        try index.records(in: folder, after: sequence)
    }

    public func maxSequence(in folder: FolderID) throws -> UInt64 { try index.maxSequence(in: folder) }

    public func localStat(in folder: FolderID, at path: RelativePath) throws -> LocalStat? {
        try index.localStat(in: folder, at: path)
    }

    /// Records `record` in the history (its blocks must all be stored),
    /// then in the index.
    ///
    /// - Throws: `ArchiveStoreError.missingBlocks` when a block of the
    ///   version is not in the block store; nothing is recorded then.
    public func storeApplied(_ record: FileRecord, stat: LocalStat?) throws -> FileRecord {
        if !record.isDeleted {
            let missing = try blocks.markInUse(record.blocks.map(\.hash))
            guard missing.isEmpty else { throw ArchiveStoreError.missingBlocks(record.path, count: missing.count) }
        }
        try history.record(record, at: clock())
        return try index.storeApplied(record, stat: stat)
    }

    public func keepBatch(_ batch: KeptBatch) throws { try index.keepBatch(batch) }

    public func keptAuthors(in folder: FolderID) throws -> [DeviceID] { try index.keptAuthors(in: folder) }

    public func keptBatches(in folder: FolderID, by author: DeviceID, beyond sequence: UInt64) throws -> [KeptBatch] {
        try index.keptBatches(in: folder, by: author, beyond: sequence)
    }
}

/// Why the archive could not record a version.
public enum ArchiveStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Blocks of the version are not in the block store.
    case missingBlocks(RelativePath, count: Int)

    public var description: String {
        switch self {
        case .missingBlocks(let path, let count):
            "\(count) blocks of \(path) are not in the block store; the version is not recorded"
        }
    }
}
