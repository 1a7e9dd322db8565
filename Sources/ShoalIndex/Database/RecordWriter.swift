import Foundation
import GRDB
import ShoalModel

/// Writes whole records, with their blocks and stat cache, inside a write
/// transaction, through cached statements. Every path that changes a record
/// goes through here, so the `files` and `blocks` tables never disagree.
struct RecordWriter {
    let db: Database
    let folder: FolderID

    /// The stored version of `path`, empty if there is no record.
    func version(at path: String) throws -> VersionVector {
        let blob = try Data.fetchOne(
            db.cachedStatement(sql: "SELECT version FROM files WHERE folder = ? AND path = ?"),
            arguments: [folder.rawValue, path])
        return blob.flatMap(RecordCoding.version) ?? .empty
    }

    /// Inserts or replaces the record of `record.path`, its blocks and stat cache.
    func write(_ record: FileRecord, stat: LocalStat) throws {
        let path = record.path.string
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO files (folder, path, kind, size, permissions, modified_ns, version,
                    deleted, symlink_target, sequence, modified_by, local_size, local_mtime_ns, local_inode)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            folder.rawValue, path, record.kind.rawValue, record.size, Int64(record.permissions),
            record.modifiedNanoseconds, RecordCoding.blob(record.version), record.isDeleted, record.symlinkTarget,
            Int64(record.sequence), Data(record.modifiedBy.rawBytes),
            stat.size, stat.modifiedNanoseconds, Int64(bitPattern: stat.inode),
        ])
        try db.cachedStatement(sql: "DELETE FROM blocks WHERE folder = ? AND path = ?")
            .execute(arguments: [folder.rawValue, path])
        guard !record.blocks.isEmpty else { return }
        let insert = try db.cachedStatement(
            sql: "INSERT INTO blocks (folder, path, position, offset, size, hash) VALUES (?, ?, ?, ?, ?, ?)")
        var offset: Int64 = 0
        for (position, block) in record.blocks.enumerated() {
            try insert.execute(arguments: [
                folder.rawValue, path, position, offset, block.size, Data(block.hash.bytes),
            ])
            offset += Int64(block.size)
        }
    }
}
