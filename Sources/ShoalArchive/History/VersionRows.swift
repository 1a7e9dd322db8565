import Foundation
import GRDB
import ShoalCrypto
import ShoalIndex
import ShoalModel

/// Reads `versions` and `version_blocks` rows back as `StoredVersion`s.
enum VersionRows {
    /// The version in `row` (all columns of `versions`), with its blocks.
    static func version(_ row: Row, _ db: Database) throws -> StoredVersion {
        let id: Int64 = row["id"]
        let statement = try db.cachedStatement(
            sql: "SELECT hash, size FROM version_blocks WHERE version_id = ? ORDER BY position")
        let blocks = try Row.fetchAll(statement, arguments: [id]).map { block throws(VersionHistoryError) in
            guard let hash = try? ContentHash(bytes: [UInt8](block["hash"] as Data)) else {
                throw .corruptRow(id: id, reason: "a block has a malformed hash")
            }
            return BlockRef(hash: hash, size: block["size"])
        }
        return try version(row, blocks: blocks)
    }

    /// The version in `row` with `blocks` as its content (empty when the
    /// caller needs no content, as retention does).
    static func version(_ row: Row, blocks: [BlockRef]) throws(VersionHistoryError) -> StoredVersion {
        let id: Int64 = row["id"]
        func corrupt(_ what: String) -> VersionHistoryError {
            .corruptRow(id: id, reason: "it has \(what)")
        }
        guard let folder = try? FolderID(row["folder"] as String) else { throw corrupt("an invalid folder ID") }
        guard let path = try? RelativePath(row["path"] as String) else { throw corrupt("an invalid path") }
        guard let kindValue = UInt8(exactly: row["kind"] as Int64), let kind = FileKind(rawValue: kindValue) else {
            throw corrupt("an unknown kind")
        }
        guard let version = RecordCoding.version(row["version"]) else { throw corrupt("a malformed version vector") }
        guard let author = try? DeviceID(rawBytes: [UInt8](row["modified_by"] as Data)) else {
            throw corrupt("a malformed author")
        }
        guard let permissions = UInt32(exactly: row["permissions"] as Int64) else {
            throw corrupt("invalid permissions")
        }
        let record = FileRecord(
            folder: folder, path: path, kind: kind, size: row["size"], permissions: permissions,
            modifiedNanoseconds: row["modified_ns"], version: version, isDeleted: row["deleted"], blocks: blocks,
            symlinkTarget: row["symlink_target"], sequence: UInt64(bitPattern: row["sequence"] as Int64),
            modifiedBy: author)
        return StoredVersion(id: id, record: record, storedAt: row["stored_at"], isCurrent: row["is_current"])
    }
}
