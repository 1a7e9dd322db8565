public import ShoalCrypto
public import ShoalIndex
public import ShoalModel

/// The node's local index, called synchronously (the one exception to the
/// sans-IO rule that the architecture allows: SQLite is deterministic).
///
/// `IndexDatabase` is the implementation; the simulator gives each node its
/// own in-memory database, which outlives a simulated crash the way a file
/// would. Every method commits before it returns.
public protocol FolderStore: Sendable {
    /// Every record of `folder`, tombstones included.
    func records(in folder: FolderID) throws -> [FileRecord]
    /// The records of `folder` with a local sequence number after `sequence`, in sequence order.
    func records(in folder: FolderID, after sequence: UInt64) throws -> [FileRecord]
    /// The highest local sequence number of `folder`, 0 if none.
    func maxSequence(in folder: FolderID) throws -> UInt64
    /// What the last scan saw on disk at `path`, or `nil` if there is no record.
    func localStat(in folder: FolderID, at path: RelativePath) throws -> LocalStat?
    /// Stores `record` as this device's record of its path (a remote version
    /// applied, or a merged version), with the next local sequence number
    /// and the stat of the entry now on disk.
    ///
    /// - Returns: the stored record, with its new sequence number.
    func storeApplied(_ record: FileRecord, stat: LocalStat?) throws -> FileRecord
    /// Keeps a signed index batch as it came from its author (relays only).
    func keepBatch(_ batch: KeptBatch) throws
    /// The authors with kept batches in `folder`, sorted.
    func keptAuthors(in folder: FolderID) throws -> [DeviceID]
    /// The kept batches of `author` in `folder` that reach past `sequence`,
    /// oldest first.
    func keptBatches(in folder: FolderID, by author: DeviceID, beyond sequence: UInt64) throws -> [KeptBatch]
}

extension IndexDatabase: FolderStore {}
