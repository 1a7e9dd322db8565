import Foundation
import GRDB
public import ShoalModel

extension IndexDatabase {
    /// What the last scan saw on disk at `path`, or `nil` if there is no record.
    ///
    /// - Throws: `DatabaseError`.
    public func localStat(in folder: FolderID, at path: RelativePath) throws -> LocalStat? {
        // One statement is atomic on its own: no transaction needed.
        try writer.unsafeRead { db in
            try Row.fetchOne(
                db.cachedStatement(
                    sql: "SELECT local_size, local_mtime_ns, local_inode FROM files WHERE folder = ? AND path = ?"),
                arguments: [folder.rawValue, path.string]
            ).map { row in
                LocalStat(
                    size: row["local_size"], modifiedNanoseconds: row["local_mtime_ns"],
                    inode: UInt64(bitPattern: row["local_inode"]))
            }
        }
    }

    /// Stores `record` as this device's record of its path, unchanged but for
    /// the next local sequence number: a version pulled from a peer and now
    /// on disk, or a merged version. `stat` is what is on disk now (`nil`
    /// for a tombstone).
    ///
    /// - Returns: the record as stored, with its new sequence number.
    /// - Throws: `DatabaseError`; on error nothing is stored.
    public func storeApplied(_ record: FileRecord, stat: LocalStat?) throws -> FileRecord {
        try writeTransaction { db in
            let folder = record.folder
            var stored = record
            stored.sequence = try Self.openSequence(folder, db) + 1
            try RecordWriter(db: db, folder: folder).write(
                stored, stat: stat ?? LocalStat(size: 0, modifiedNanoseconds: 0, inode: 0))
            try Self.closeSequence(stored.sequence, folder, db)
            return stored
        }
    }
}
