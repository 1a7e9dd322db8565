import Foundation
import GRDB
public import ShoalCrypto
public import ShoalModel

extension VersionHistory {
    /// The current version of `path` in `folder` (a tombstone if it was
    /// deleted), or `nil` if the history has never seen the path.
    ///
    /// - Throws: `VersionHistoryError` when the read fails or the row is damaged.
    public func current(in folder: FolderID, at path: RelativePath) throws(VersionHistoryError) -> StoredVersion? {
        try read("read the current version of \(folder)/\(path)") { db in
            try Row.fetchOne(
                db.cachedStatement(sql: "SELECT * FROM versions WHERE folder = ? AND path = ? AND is_current = 1"),
                arguments: [folder.rawValue, path.string]
            ).map { try VersionRows.version($0, db) }
        }
    }

    /// Every kept version of `path` in `folder`, newest (highest id) first;
    /// empty if the history has never seen the path.
    ///
    /// - Throws: `VersionHistoryError` when the read fails or a row is damaged.
    public func versions(in folder: FolderID, of path: RelativePath) throws(VersionHistoryError) -> [StoredVersion] {
        try read("read the versions of \(folder)/\(path)") { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM versions WHERE folder = ? AND path = ? ORDER BY id DESC"),
                arguments: [folder.rawValue, path.string]
            ).map { try VersionRows.version($0, db) }
        }
    }

    /// The version with number `id`, or `nil` if the history does not keep it.
    ///
    /// - Throws: `VersionHistoryError` when the read fails or the row is damaged.
    public func version(id: Int64) throws(VersionHistoryError) -> StoredVersion? {
        try read("read version \(id)") { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT * FROM versions WHERE id = ?"), arguments: [id])
                .map { try VersionRows.version($0, db) }
        }
    }

    /// The current version of every path in `folder`, tombstones included,
    /// in path order: the folder as the archive last saw it.
    ///
    /// - Throws: `VersionHistoryError` when the read fails or a row is damaged.
    public func currentVersions(in folder: FolderID) throws(VersionHistoryError) -> [StoredVersion] {
        try read("read the current versions of \(folder)") { db in
            try Row.fetchAll(
                db.cachedStatement(sql: "SELECT * FROM versions WHERE folder = ? AND is_current = 1 ORDER BY path"),
                arguments: [folder.rawValue]
            ).map { try VersionRows.version($0, db) }
        }
    }

    /// The paths of `folder` whose current version is a tombstone, in path
    /// order, each with its last live version: what can be restored.
    ///
    /// - Throws: `VersionHistoryError` when the read fails or a row is damaged.
    public func deleted(in folder: FolderID) throws(VersionHistoryError) -> [DeletedFile] {
        try read("read the deleted files of \(folder)") { db in
            let tombstones = try Row.fetchAll(
                db.cachedStatement(
                    sql: "SELECT * FROM versions WHERE folder = ? AND is_current = 1 AND deleted = 1 ORDER BY path"),
                arguments: [folder.rawValue])
            let lastLive = try db.cachedStatement(
                sql: """
                    SELECT * FROM versions WHERE folder = ? AND path = ? AND deleted = 0
                    ORDER BY id DESC LIMIT 1
                    """)
            return try tombstones.map { row in
                let tombstone = try VersionRows.version(row, db)
                let live = try Row.fetchOne(lastLive, arguments: [folder.rawValue, tombstone.record.path.string])
                return DeletedFile(tombstone: tombstone, lastLiveVersion: try live.map { try VersionRows.version($0, db) })
            }
        }
    }

    /// Every block hash some kept version references: what garbage
    /// collection must not remove.
    ///
    /// - Throws: `VersionHistoryError` when the read fails or a hash is damaged.
    public func referencedBlocks() throws(VersionHistoryError) -> Set<ContentHash> {
        try read("read the referenced blocks") { db in
            var hashes = Set<ContentHash>()
            let cursor = try Row.fetchCursor(
                db, sql: "SELECT hash, min(version_id) AS version_id FROM version_blocks GROUP BY hash")
            while let row = try cursor.next() {
                guard let hash = try? ContentHash(bytes: [UInt8](row["hash"] as Data)) else {
                    throw VersionHistoryError.corruptRow(id: row["version_id"], reason: "a block has a malformed hash")
                }
                hashes.insert(hash)
            }
            return hashes
        }
    }

    /// The number of versions kept, over all folders and paths.
    ///
    /// - Throws: `VersionHistoryError` when the read fails.
    public func versionCount() throws(VersionHistoryError) -> Int {
        try read("count versions") { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM versions") ?? 0 }
    }
}
