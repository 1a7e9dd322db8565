public import ShoalModel

/// One version of one path as the archive keeps it.
public struct StoredVersion: Hashable, Sendable {
    /// The version's number in the history: stable, never reused, and
    /// increasing in the order versions were recorded. This is what
    /// `shoal versions` shows and `shoal restore --version` takes.
    public var id: Int64
    /// The record as it was synced: content blocks, metadata, version vector.
    public var record: FileRecord
    /// When the archive recorded it, in seconds since the Unix epoch (from
    /// the clock the caller passes to `VersionHistory.record`).
    public var storedAt: Int64
    /// Whether this is the latest version of its path. A path's current
    /// version is a tombstone when the file is deleted.
    public var isCurrent: Bool

    /// Creates a stored version.
    public init(id: Int64, record: FileRecord, storedAt: Int64, isCurrent: Bool) {
        self.id = id
        self.record = record
        self.storedAt = storedAt
        self.isCurrent = isCurrent
    }

    /// Whether this version is a tombstone: the path was deleted.
    public var isDeleted: Bool { record.isDeleted }

    /// The block of this version's content that starts at byte `offset`,
    /// or `nil` if no block starts there (the offset is inside a block or
    /// past the end).
    public func block(startingAt offset: Int64) -> BlockRef? {
        var start: Int64 = 0
        for block in record.blocks {
            if start == offset { return block }
            if start > offset { return nil }
            start += Int64(block.size)
        }
        return nil
    }
}

/// A path whose current version is a tombstone, with what can be restored.
public struct DeletedFile: Hashable, Sendable {
    /// The current version: the deletion.
    public var tombstone: StoredVersion
    /// The newest version before the deletion that is not itself a
    /// tombstone, or `nil` if the history keeps none (the path was only
    /// ever seen deleted, or the retention policy's `trashDays` expired it).
    public var lastLiveVersion: StoredVersion?

    /// Creates the description of a deleted path.
    public init(tombstone: StoredVersion, lastLiveVersion: StoredVersion?) {
        self.tombstone = tombstone
        self.lastLiveVersion = lastLiveVersion
    }
}
