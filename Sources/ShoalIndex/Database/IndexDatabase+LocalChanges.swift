import Foundation
import GRDB
public import ShoalCrypto
public import ShoalModel

extension IndexDatabase {
    /// Applies a scan's changes to `folder` in one transaction.
    ///
    /// Each `.changed` or `.deleted` entry gets the folder's next sequence
    /// number and its version vector advanced for `device`, in the order
    /// given; `.restatted` only refreshes the stat cache.
    ///
    /// - Returns: the folder's highest sequence number afterwards.
    /// - Throws: `DatabaseError`; on error nothing is applied.
    @discardableResult
    public func apply(_ changes: [LocalChange], in folder: FolderID, by device: DeviceID) throws -> UInt64 {
        try writer.write { db in
            try db.execute(
                sql: "INSERT INTO folders (id) VALUES (?) ON CONFLICT DO NOTHING", arguments: [folder.rawValue])
            var sequence = try Self.maxSequence(folder, db)
            let writer = ChangeWriter(db: db, folder: folder, device: device)
            for change in changes {
                switch change {
                case .changed(let entry):
                    sequence += 1
                    try writer.write(entry, sequence: sequence)
                case .deleted(let path):
                    sequence += 1
                    try writer.delete(path, sequence: sequence)
                case .restatted(let path, let stat):
                    try writer.restat(path, stat)
                }
            }
            try db.execute(
                sql: "UPDATE folders SET max_sequence = ? WHERE id = ?",
                arguments: [Int64(sequence), folder.rawValue])
            return sequence
        }
    }
}

/// Writes one transaction's local changes with cached statements.
private struct ChangeWriter {
    let db: Database
    let folder: FolderID
    let device: DeviceID

    func write(_ entry: ObservedEntry, sequence: UInt64) throws {
        let version = try currentVersion(entry.path.string).incremented(for: device)
        let size = entry.blocks.reduce(Int64(0)) { $0 + Int64($1.size) }
        try upsert(
            path: entry.path.string, kind: entry.kind, size: size, permissions: entry.permissions,
            modified: entry.stat.modifiedNanoseconds, version: version, deleted: false,
            target: entry.symlinkTarget, sequence: sequence, stat: entry.stat)
        try replaceBlocks(entry.path.string, with: entry.blocks)
    }

    func delete(_ path: RelativePath, sequence: UInt64) throws {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT kind, modified_ns, version FROM files WHERE folder = ? AND path = ?"),
            arguments: [folder.rawValue, path.string])
        guard let row, let version = RecordCoding.version(row["version"]) else { return }
        try upsert(
            path: path.string, kind: FileKind(rawValue: row["kind"]) ?? .file, size: 0, permissions: 0,
            modified: row["modified_ns"], version: version.incremented(for: device), deleted: true,
            target: nil, sequence: sequence, stat: LocalStat(size: 0, modifiedNanoseconds: 0, inode: 0))
        try replaceBlocks(path.string, with: [])
    }

    func restat(_ path: RelativePath, _ stat: LocalStat) throws {
        try db.cachedStatement(
            sql: "UPDATE files SET local_size = ?, local_mtime_ns = ?, local_inode = ? WHERE folder = ? AND path = ?"
        ).execute(arguments: [
            stat.size, stat.modifiedNanoseconds, Int64(bitPattern: stat.inode), folder.rawValue, path.string,
        ])
    }

    private func currentVersion(_ path: String) throws -> VersionVector {
        let blob = try Data.fetchOne(
            db.cachedStatement(sql: "SELECT version FROM files WHERE folder = ? AND path = ?"),
            arguments: [folder.rawValue, path])
        return blob.flatMap(RecordCoding.version) ?? .empty
    }

    private func upsert(
        path: String, kind: FileKind, size: Int64, permissions: UInt32, modified: Int64,
        version: VersionVector, deleted: Bool, target: String?, sequence: UInt64, stat: LocalStat
    ) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO files (folder, path, kind, size, permissions, modified_ns, version,
                    deleted, symlink_target, sequence, modified_by, local_size, local_mtime_ns, local_inode)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(arguments: [
            folder.rawValue, path, kind.rawValue, size, Int64(permissions), modified,
            RecordCoding.blob(version), deleted, target, Int64(sequence), Data(device.rawBytes),
            stat.size, stat.modifiedNanoseconds, Int64(bitPattern: stat.inode),
        ])
    }

    private func replaceBlocks(_ path: String, with blocks: [BlockRef]) throws {
        try db.cachedStatement(sql: "DELETE FROM blocks WHERE folder = ? AND path = ?")
            .execute(arguments: [folder.rawValue, path])
        guard !blocks.isEmpty else { return }
        let insert = try db.cachedStatement(
            sql: "INSERT INTO blocks (folder, path, position, offset, size, hash) VALUES (?, ?, ?, ?, ?, ?)")
        var offset: Int64 = 0
        for (position, block) in blocks.enumerated() {
            try insert.execute(arguments: [
                folder.rawValue, path, position, offset, block.size, Data(block.hash.bytes),
            ])
            offset += Int64(block.size)
        }
    }
}
