import Foundation
import GRDB
public import ShoalCrypto
public import ShoalModel

// MARK: - Reading records

extension IndexDatabase {
    /// Every record of `folder`, tombstones included, in path order.
    ///
    /// - Throws: `DatabaseError`, or `IndexCorruptionError` for an unreadable row.
    public func records(in folder: FolderID) throws -> [FileRecord] {
        try readTransaction { db in
            try Self.records(db, folder: folder, filter: "", arguments: [folder.rawValue])
        }
    }

    /// The records of `folder` changed after local sequence number `sequence`,
    /// in sequence order: what a peer that has seen up to `sequence` lacks.
    ///
    /// - Throws: `DatabaseError`, or `IndexCorruptionError` for an unreadable row.
    public func records(in folder: FolderID, after sequence: UInt64) throws -> [FileRecord] {
        try readTransaction { db in
            try Self.records(
                db, folder: folder, filter: "AND sequence > ? ORDER BY sequence",
                arguments: [folder.rawValue, Int64(sequence)])
        }
    }

    /// The record of one path, or `nil` if the index has none.
    ///
    /// - Throws: `DatabaseError`, or `IndexCorruptionError` for an unreadable row.
    public func record(in folder: FolderID, at path: RelativePath) throws -> FileRecord? {
        try readTransaction { db in
            try Self.records(
                db, folder: folder, filter: "AND path = ?", arguments: [folder.rawValue, path.string]
            ).first
        }
    }

    /// Where local copies of the block with `hash` are: folder, path and byte offset.
    public func locations(of hash: ContentHash) throws -> [BlockLocation] {
        // One statement is atomic on its own: no transaction needed.
        try writer.unsafeRead { db in
            try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT folder, path, offset, size FROM blocks WHERE hash = ? ORDER BY folder, path, offset"),
                arguments: [Data(hash.bytes)]
            ).compactMap { row in
                guard let folder = try? FolderID(row["folder"]),
                    let path = try? RelativePath(row["path"] as String)
                else { return nil }
                return BlockLocation(folder: folder, path: path, offset: row["offset"], size: row["size"])
            }
        }
    }

    /// Every entry of `folder` as the scanner compares it with the disk, by path.
    public func indexedEntries(in folder: FolderID) throws -> [String: IndexedEntry] {
        try readTransaction { db in
            var entries: [String: IndexedEntry] = [:]
            let rows = try Row.fetchCursor(
                db.cachedStatement(sql: "SELECT \(Self.indexedColumns) FROM files WHERE folder = ?"),
                arguments: [folder.rawValue])
            while let row = try rows.next() { entries[row["path"]] = Self.indexedEntry(row) }
            return entries
        }
    }

    /// One entry as the scanner compares it with the disk, or `nil` if the
    /// index has no record of `path`: for scans of the paths a file system
    /// watcher reported.
    public func indexedEntry(in folder: FolderID, at path: RelativePath) throws -> IndexedEntry? {
        // One statement is atomic on its own: no transaction needed.
        try writer.unsafeRead { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT \(Self.indexedColumns) FROM files WHERE folder = ? AND path = ?"),
                arguments: [folder.rawValue, path.string]
            ).map(Self.indexedEntry)
        }
    }

    private static let indexedColumns =
        "path, kind, deleted, permissions, symlink_target, local_size, local_mtime_ns, local_inode"

    private static func indexedEntry(_ row: Row) -> IndexedEntry {
        IndexedEntry(
            kind: FileKind(rawValue: row["kind"]) ?? .file, isDeleted: row["deleted"],
            permissions: UInt32(row["permissions"] as Int64), symlinkTarget: row["symlink_target"],
            stat: LocalStat(
                size: row["local_size"], modifiedNanoseconds: row["local_mtime_ns"],
                inode: UInt64(bitPattern: row["local_inode"])))
    }

    /// The stored blocks of one file, in order.
    public func blocks(in folder: FolderID, at path: RelativePath) throws -> [BlockRef] {
        try readTransaction { db in try Self.blocks(db, folder: folder, path: path.string) }
    }

    private static func records(
        _ db: Database, folder: FolderID, filter: String, arguments: StatementArguments
    ) throws -> [FileRecord] {
        let rows = try Row.fetchAll(
            db.cachedStatement(sql: "SELECT * FROM files WHERE folder = ? \(filter)"), arguments: arguments)
        var records: [FileRecord] = []
        records.reserveCapacity(rows.count)
        for row in rows {
            let blocks = try Self.blocks(db, folder: folder, path: row["path"])
            records.append(try RecordCoding.record(row, blocks: blocks))
        }
        if filter.isEmpty { records.sort { $0.path < $1.path } }
        return records
    }

    private static func blocks(_ db: Database, folder: FolderID, path: String) throws -> [BlockRef] {
        let statement = try db.cachedStatement(
            sql: "SELECT path, size, hash FROM blocks WHERE folder = ? AND path = ? ORDER BY position")
        return try Row.fetchAll(statement, arguments: [folder.rawValue, path]).map {
            try RecordCoding.block($0)
        }
    }
}

/// Where a local copy of a block lives.
public struct BlockLocation: Hashable, Sendable {
    /// The folder holding the file.
    public var folder: FolderID
    /// The file holding the block.
    public var path: RelativePath
    /// The block's byte offset in the file.
    public var offset: Int64
    /// The block's length.
    public var size: Int
}
