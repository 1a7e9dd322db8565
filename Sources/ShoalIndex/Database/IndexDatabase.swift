import GRDB
public import ShoalModel

/// The local index: every entry of every folder this device syncs, as SQLite
/// tables (see `IndexSchema`).
///
/// Backed by a `DatabasePool` in WAL mode for a file, or a `DatabaseQueue` in
/// memory. Safe to use from any thread: GRDB serializes writes and lets reads
/// run concurrently.
public final class IndexDatabase: Sendable {
    let writer: any DatabaseWriter

    /// Opens (creating if needed) the index at `path` and migrates its schema.
    ///
    /// - Throws: `DatabaseError` when the file cannot be opened or migrated.
    public convenience init(path: String) throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // WAL with NORMAL sync: a crash can lose the last transactions but
            // never corrupts the index; the scanner rebuilds what is missing.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        try self.init(writer: DatabasePool(path: path, configuration: configuration))
    }

    /// Opens a fresh index that lives in memory only.
    ///
    /// - Throws: `DatabaseError` if the schema cannot be created.
    public static func inMemory() throws -> IndexDatabase {
        try IndexDatabase(writer: DatabaseQueue())
    }

    private init(writer: any DatabaseWriter) throws {
        self.writer = writer
        try IndexSchema.migrator.migrate(writer)
    }

    /// The highest sequence number given to a change in `folder`, 0 if none.
    public func maxSequence(in folder: FolderID) throws -> UInt64 {
        try writer.unsafeRead { db in try Self.maxSequence(folder, db) }  // one statement: atomic
    }

    /// Within a write: makes sure `folder` has its row and returns its
    /// highest sequence number, to hand out the next ones from.
    static func openSequence(_ folder: FolderID, _ db: Database) throws -> UInt64 {
        try db.cachedStatement(sql: "INSERT INTO folders (id) VALUES (?) ON CONFLICT DO NOTHING")
            .execute(arguments: [folder.rawValue])
        return try maxSequence(folder, db)
    }

    /// Within a write: records `sequence` as the highest handed out in `folder`.
    static func closeSequence(_ sequence: UInt64, _ folder: FolderID, _ db: Database) throws {
        try db.cachedStatement(sql: "UPDATE folders SET max_sequence = ? WHERE id = ?")
            .execute(arguments: [Int64(sequence), folder.rawValue])
    }

    static func maxSequence(_ folder: FolderID, _ db: Database) throws -> UInt64 {
        let value = try Int64.fetchOne(
            db.cachedStatement(sql: "SELECT max_sequence FROM folders WHERE id = ?"), arguments: [folder.rawValue])
        return UInt64(value ?? 0)
    }
}

extension IndexDatabase {
    /// The number of blocks of the live files in `folder`.
    public func blockCount(in folder: FolderID) throws -> Int {
        try readTransaction { db in
            try Int.fetchOne(db, sql: "SELECT count(*) FROM blocks WHERE folder = ?", arguments: [folder.rawValue]) ?? 0
        }
    }
}

extension IndexDatabase {
    /// Forgets everything about `folder`: a folder removed from the
    /// configuration starts afresh if it is added again, rather than
    /// comparing a new directory with the old one's records (which would
    /// announce every old entry as deleted).
    public func forget(_ folder: FolderID) throws {
        try writeTransaction { db in
            for table in ["blocks", "files", "folders"] {
                let column = table == "folders" ? "id" : "folder"
                try db.execute(sql: "DELETE FROM \(table) WHERE \(column) = ?", arguments: [folder.rawValue])
            }
        }
    }

    /// The live entries of `folder` whose path contains `fragment`, e.g.
    /// conflict copies (`.sync-conflict-`).
    public func liveEntryCount(in folder: FolderID, pathContaining fragment: String) throws -> Int {
        try readTransaction { db in
            try Int.fetchOne(
                db, sql: "SELECT count(*) FROM files WHERE folder = ? AND deleted = 0 AND instr(path, ?) > 0",
                arguments: [folder.rawValue, fragment]) ?? 0
        }
    }
}
