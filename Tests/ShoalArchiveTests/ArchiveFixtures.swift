import Foundation
import Glibc
import ShoalCrypto
import ShoalModel
import ShoalTestSupport

@testable import ShoalArchive

/// Values the archive tests share.
enum Fixtures {
    static let folder = try! FolderID("docs")
    static let laptop = try! DeviceID(rawBytes: [UInt8](repeating: 1, count: 32))
    static let server = try! DeviceID(rawBytes: [UInt8](repeating: 2, count: 32))

    /// A file record of `path` at version `counter` of the laptop, whose
    /// content is `blocks`.
    static func file(
        _ path: String, counter: UInt64, blocks: [BlockRef] = [], deleted: Bool = false, by device: DeviceID = laptop
    ) -> FileRecord {
        FileRecord(
            folder: folder, path: try! RelativePath(path), kind: .file,
            size: deleted ? 0 : Int64(blocks.reduce(0) { $0 + $1.size }), permissions: 0o644,
            modifiedNanoseconds: Int64(counter) * 1_000_000_000,
            version: VersionVector([.init(device: device, counter: counter)]), isDeleted: deleted,
            blocks: deleted ? [] : blocks, sequence: counter, modifiedBy: device)
    }

    /// `count` bytes that compress well.
    static func text(_ count: Int, seed: UInt8 = 0) -> [UInt8] {
        let line = Array("line \(seed): the archive keeps every version of every file\n".utf8)
        return (0..<count).map { line[$0 % line.count] }
    }

    /// The wall clock in seconds, which file modification times follow.
    static var wallClock: Int64 { Int64(Date().timeIntervalSince1970) }
}

extension BlockStore {
    /// Sets the modification time of the block `hash` to `seconds` since the epoch.
    func setModificationTime(of hash: ContentHash, to seconds: Int64) {
        var times = [timespec(tv_sec: Int(seconds), tv_nsec: 0), timespec(tv_sec: Int(seconds), tv_nsec: 0)]
        precondition(utimensat(AT_FDCWD, path(of: hash), &times, 0) == 0, "utimensat failed")
    }

    /// The temporary files in the shard directories.
    func temporaries() throws -> [String] {
        var found: [String] = []
        try walk { file throws(BlockStoreError) in
            if case .temporary(let path) = file { found.append(path) }
        }
        return found
    }
}
