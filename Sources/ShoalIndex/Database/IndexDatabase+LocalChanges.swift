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
    /// A change the index already holds is skipped: the sync engine may have
    /// recorded that very entry (a pulled file with its stat, a tombstone)
    /// while the scan ran, and recording it again would make a new local
    /// version of content this device only received.
    ///
    /// - Returns: the folder's highest sequence number afterwards.
    /// - Throws: `DatabaseError`; on error nothing is applied.
    @discardableResult
    public func apply(_ changes: [LocalChange], in folder: FolderID, by device: DeviceID) throws -> UInt64 {
        try writeTransaction { db in
            var sequence = try Self.openSequence(folder, db)
            let writer = ChangeWriter(db: db, folder: folder, device: device)
            for change in changes {
                switch change {
                case .changed(let entry):
                    guard try !writer.holds(entry) else { continue }
                    sequence += 1
                    try writer.write(entry, sequence: sequence)
                case .deleted(let path):
                    guard try writer.holdsLiveRecord(at: path) else { continue }
                    sequence += 1
                    try writer.delete(path, sequence: sequence)
                case .restatted(let path, let stat):
                    try writer.restat(path, stat)
                }
            }
            try Self.closeSequence(sequence, folder, db)
            return sequence
        }
    }
}

/// Turns one transaction's local changes into records made by `device`.
private struct ChangeWriter {
    let db: Database
    let folder: FolderID
    let device: DeviceID

    private var records: RecordWriter { RecordWriter(db: db, folder: folder) }

    func write(_ entry: ObservedEntry, sequence: UInt64) throws {
        let version = try records.version(at: entry.path.string).incremented(for: device, atLeast: sequence)
        let size = entry.blocks.reduce(Int64(0)) { $0 + Int64($1.size) }
        let record = FileRecord(
            folder: folder, path: entry.path, kind: entry.kind, size: size, permissions: entry.permissions,
            modifiedNanoseconds: entry.stat.modifiedNanoseconds, version: version, blocks: entry.blocks,
            symlinkTarget: entry.symlinkTarget, sequence: sequence, modifiedBy: device)
        try records.write(record, stat: entry.stat)
    }

    /// Whether the stored record already describes `entry` as it is on disk.
    func holds(_ entry: ObservedEntry) throws -> Bool {
        let row = try Row.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT kind, permissions, deleted, symlink_target, local_size, local_mtime_ns, local_inode
                    FROM files WHERE folder = ? AND path = ?
                    """),
            arguments: [folder.rawValue, entry.path.string])
        guard let row, !(row["deleted"] as Bool), FileKind(rawValue: row["kind"]) == entry.kind,
            UInt32(row["permissions"] as Int64) == entry.permissions,
            (row["symlink_target"] as String?) == entry.symlinkTarget
        else { return false }
        guard entry.kind == .file else { return true }
        let stat = LocalStat(
            size: row["local_size"], modifiedNanoseconds: row["local_mtime_ns"],
            inode: UInt64(bitPattern: row["local_inode"] as Int64))
        return stat == entry.stat
    }

    /// Whether `path` has a record that is not a tombstone.
    func holdsLiveRecord(at path: RelativePath) throws -> Bool {
        let deleted = try Bool.fetchOne(
            db.cachedStatement(sql: "SELECT deleted FROM files WHERE folder = ? AND path = ?"),
            arguments: [folder.rawValue, path.string])
        return deleted == false
    }

    func delete(_ path: RelativePath, sequence: UInt64) throws {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT kind, modified_ns, version FROM files WHERE folder = ? AND path = ?"),
            arguments: [folder.rawValue, path.string])
        guard let row, let version = RecordCoding.version(row["version"]) else { return }
        let tombstone = FileRecord(
            folder: folder, path: path, kind: FileKind(rawValue: row["kind"]) ?? .file, size: 0, permissions: 0,
            modifiedNanoseconds: row["modified_ns"], version: version.incremented(for: device, atLeast: sequence), isDeleted: true,
            sequence: sequence, modifiedBy: device)
        try records.write(tombstone, stat: LocalStat(size: 0, modifiedNanoseconds: 0, inode: 0))
    }

    func restat(_ path: RelativePath, _ stat: LocalStat) throws {
        try db.cachedStatement(
            sql: "UPDATE files SET local_size = ?, local_mtime_ns = ?, local_inode = ? WHERE folder = ? AND path = ?"
        ).execute(arguments: [
            stat.size, stat.modifiedNanoseconds, Int64(bitPattern: stat.inode), folder.rawValue, path.string,
        ])
    }
}
