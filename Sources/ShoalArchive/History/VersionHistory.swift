import Foundation
import GRDB
import ShoalIndex
public import ShoalModel

/// Every version of every path of every folder the archive keeps, deleted
/// ones included, in its own SQLite database (`history.db`).
///
/// A version is a `FileRecord` plus a stable id, the time it was recorded
/// and whether it is its path's current version. Versions reference their
/// content by block hash; the blocks live in a `BlockStore`.
///
/// Backed by a `DatabasePool` in WAL mode with `synchronous = FULL`: once
/// `record` returns, the version survives a power cut. Safe to use from any
/// thread: GRDB serializes writes and lets reads run concurrently.
public final class VersionHistory: Sendable {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the history at `path` and migrates its schema.
    ///
    /// - Throws: `VersionHistoryError.database` when the file cannot be
    ///   opened or migrated.
    public convenience init(path: String) throws(VersionHistoryError) {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // FULL: a version row is the only record that the archive has a
            // version, so a commit must be on disk before it returns.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .database(operation: "open \(path)", reason: "\(error)")
        }
        try self.init(writer: pool)
    }

    /// Opens a fresh history that lives in memory only (for the simulator and tests).
    ///
    /// - Throws: `VersionHistoryError.database` if the schema cannot be created.
    public static func inMemory() throws(VersionHistoryError) -> VersionHistory {
        do {
            return try VersionHistory(writer: DatabaseQueue())
        } catch {
            throw .database(operation: "open an in-memory history", reason: "\(error)")
        }
    }

    private init(writer: any DatabaseWriter) throws(VersionHistoryError) {
        self.writer = writer
        do {
            try HistorySchema.migrator.migrate(writer)
        } catch {
            throw .database(operation: "migrate the schema", reason: "\(error)")
        }
    }

    // MARK: - Recording

    /// Records `record` as the new current version of its path, stored at
    /// `time` (seconds since the epoch).
    ///
    /// Recording a version the path already has (the same version vector) is
    /// a no-op that returns the stored one, even if it is no longer current:
    /// a re-sent or replayed record never duplicates history nor moves the
    /// path back. Which version is newer is the sync engine's decision;
    /// the history records what it is given.
    ///
    /// Record a version only after its blocks are in the block store (see
    /// `BlockStore.markInUse`).
    ///
    /// - Returns: the stored version.
    /// - Throws: `VersionHistoryError.database` when the write fails; then
    ///   nothing was recorded.
    @discardableResult
    public func record(_ record: FileRecord, at time: Int64) throws(VersionHistoryError) -> StoredVersion {
        try write("record \(record.folder)/\(record.path)") { db in
            let vector = RecordCoding.blob(record.version)
            if let existing = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM versions WHERE folder = ? AND path = ? AND version = ?"),
                arguments: [record.folder.rawValue, record.path.string, vector])
            {
                return try VersionRows.version(existing, db)
            }
            try db.cachedStatement(
                sql: "UPDATE versions SET is_current = 0 WHERE folder = ? AND path = ? AND is_current = 1"
            ).execute(arguments: [record.folder.rawValue, record.path.string])
            try db.cachedStatement(
                sql: """
                    INSERT INTO versions (folder, path, kind, size, permissions, modified_ns, version, deleted,
                        symlink_target, sequence, modified_by, stored_at, is_current)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
                    """
            ).execute(arguments: [
                record.folder.rawValue, record.path.string, Int64(record.kind.rawValue), record.size,
                Int64(record.permissions), record.modifiedNanoseconds, vector, record.isDeleted,
                record.symlinkTarget, Int64(bitPattern: record.sequence), Data(record.modifiedBy.rawBytes), time,
            ])
            let id = db.lastInsertedRowID
            let insertBlock = try db.cachedStatement(
                sql: "INSERT INTO version_blocks (version_id, position, hash, size) VALUES (?, ?, ?, ?)")
            for (position, block) in record.blocks.enumerated() {
                try insertBlock.execute(arguments: [id, position, Data(block.hash.bytes), block.size])
            }
            return StoredVersion(id: id, record: record, storedAt: time, isCurrent: true)
        }
    }

    /// Removes the versions `ids`, in one transaction; ids the history does
    /// not have are ignored. Their blocks stay in the block store until
    /// garbage collection finds them unreferenced.
    ///
    /// - Throws: `.currentVersion` if one of them is its path's current
    ///   version (then nothing is removed); `.database` when the write fails.
    public func remove(ids: some Sequence<Int64>) throws(VersionHistoryError) {
        try write("remove versions") { db in try Self.remove(ids: ids, db) }
    }

    /// Within a write: removes the versions `ids`, refusing a current one.
    static func remove(ids: some Sequence<Int64>, _ db: Database) throws {
        let select = try db.cachedStatement(sql: "SELECT path, is_current FROM versions WHERE id = ?")
        let delete = try db.cachedStatement(sql: "DELETE FROM versions WHERE id = ?")
        let deleteBlocks = try db.cachedStatement(sql: "DELETE FROM version_blocks WHERE version_id = ?")
        for id in ids {
            guard let row = try Row.fetchOne(select, arguments: [id]) else { continue }
            if row["is_current"] as Bool { throw VersionHistoryError.currentVersion(id: id, path: row["path"]) }
            try deleteBlocks.execute(arguments: [id])
            try delete.execute(arguments: [id])
        }
    }

    // MARK: - Transactions

    /// Runs `body` in a write transaction, committed when it returns and
    /// rolled back when it throws.
    func write<T>(_ operation: @autoclosure () -> String, _ body: (Database) throws -> T) throws(VersionHistoryError) -> T {
        do {
            return try writer.write(body)
        } catch let error as VersionHistoryError {
            throw error
        } catch {
            throw .database(operation: operation(), reason: "\(error)")
        }
    }

    /// Runs `body` in a read transaction, so its statements see one snapshot.
    func read<T>(_ operation: @autoclosure () -> String, _ body: (Database) throws -> T) throws(VersionHistoryError) -> T {
        do {
            return try writer.read(body)
        } catch let error as VersionHistoryError {
            throw error
        } catch {
            throw .database(operation: operation(), reason: "\(error)")
        }
    }
}
