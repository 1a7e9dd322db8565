import Foundation
import GRDB
import ShoalCrypto
import ShoalModel

/// Why a stored row could not be read back as a record.
public struct IndexCorruptionError: Error, CustomStringConvertible {
    /// What was wrong, naming the folder and path.
    public let description: String
}

/// Conversions between model values and their SQLite column forms.
package enum RecordCoding {
    /// A version vector as a blob: for each entry, 32 device bytes then the
    /// counter as 8 big-endian bytes, in device order.
    package static func blob(_ version: VersionVector) -> Data {
        var data = Data(capacity: version.entries.count * 40)
        for entry in version.entries {
            data.append(contentsOf: entry.device.rawBytes)
            withUnsafeBytes(of: entry.counter.bigEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    package static func version(_ blob: Data) -> VersionVector? {
        guard blob.count % 40 == 0 else { return nil }
        var entries: [VersionVector.Entry] = []
        let bytes = [UInt8](blob)
        for start in stride(from: 0, to: bytes.count, by: 40) {
            guard let device = try? DeviceID(rawBytes: bytes[start..<start + 32]) else { return nil }
            let counter = bytes[start + 32..<start + 40].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            entries.append(.init(device: device, counter: counter))
        }
        return VersionVector(entries)
    }

    /// Reads the synced record from a `files` row selected with `fileColumns`.
    static func record(_ row: Row, blocks: [BlockRef]) throws(IndexCorruptionError) -> FileRecord {
        let folderText: String = row["folder"]
        let pathText: String = row["path"]
        func corrupt(_ what: String) -> IndexCorruptionError {
            IndexCorruptionError(description: "index entry \(folderText)/\(pathText) has \(what)")
        }
        guard let folder = try? FolderID(folderText) else { throw corrupt("an invalid folder ID") }
        guard let path = try? RelativePath(pathText) else { throw corrupt("an invalid path") }
        guard let kind = FileKind(rawValue: row["kind"]) else { throw corrupt("an unknown kind") }
        guard let version = version(row["version"]) else { throw corrupt("a malformed version") }
        guard let author = try? DeviceID(rawBytes: [UInt8](row["modified_by"] as Data)) else {
            throw corrupt("a malformed author")
        }
        return FileRecord(
            folder: folder, path: path, kind: kind, size: row["size"],
            permissions: UInt32(row["permissions"] as Int64), modifiedNanoseconds: row["modified_ns"],
            version: version, isDeleted: row["deleted"], blocks: blocks,
            symlinkTarget: row["symlink_target"], sequence: UInt64(row["sequence"] as Int64),
            modifiedBy: author)
    }

    static func block(_ row: Row) throws(IndexCorruptionError) -> BlockRef {
        guard let hash = try? ContentHash(bytes: [UInt8](row["hash"] as Data)) else {
            throw IndexCorruptionError(description: "a block of \(row["path"] as String) has a malformed hash")
        }
        return BlockRef(hash: hash, size: row["size"])
    }
}
