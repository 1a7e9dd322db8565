import Foundation
import Glibc
import ShoalIndex
import ShoalModel
import ShoalRuntime
import ShoalSync
import Synchronization
import Testing

/// Makes real kept versions in a folder the way sync does: replacing and
/// removing files through `FolderDisk` with `keepReplaced`/`keepRemoved`, at
/// times the test sets.
final class VersionPlanter: Sendable {
    /// The folder's absolute path.
    let root: String
    private let disk: FolderDisk
    private let clock: Clock

    /// 2026-11-24 06:33:36 UTC.
    static let startTime: Int64 = 1_795_502_016

    init(root: String) throws {
        self.root = root
        let clock = Clock()
        self.clock = clock
        disk = try FolderDisk(root: root, clock: { clock.seconds.withLock { $0 } })
    }

    /// Moves the planter's clock on, for the next version's time.
    func advance(by delta: Int64) {
        clock.seconds.withLock { $0 += delta }
    }

    /// Writes `text` at `path` (making its directories), without keeping anything.
    func write(_ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    /// Replaces the file at `path` with `text` as a pulled change would,
    /// keeping the old file as a version.
    func replace(_ path: String, with text: String) throws {
        let target = try RelativePath(path)
        let old = try stat(path)
        #expect(disk.perform(.writeTemporary(target: target, offset: 0, data: Array(text.utf8))) == .done(stat: nil))
        let outcome = disk.perform(
            .commitFile(
                target: target, expected: .file(old), permissions: 0o644, modifiedNanoseconds: 0, keepReplaced: true,
                conflictCopy: nil))
        #expect(outcome == .done(stat: try stat(path)))
    }

    /// Removes the file at `path` as a pulled deletion would, keeping it as a version.
    func remove(_ path: String) throws {
        let outcome = disk.perform(.remove(path: try RelativePath(path), expected: .file(try stat(path)), keepRemoved: true))
        #expect(outcome == .done(stat: nil))
    }

    /// The version store's clock, which the test moves by hand.
    private final class Clock: Sendable {
        let seconds = Mutex(VersionPlanter.startTime)
    }

    /// The file's stat as the index caches it.
    private func stat(_ path: String) throws -> LocalStat {
        var info = Glibc.stat()
        try #require(lstat(root + "/" + path, &info) == 0, "no file at \(path)")
        return LocalStat(
            size: Int64(info.st_size),
            modifiedNanoseconds: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
            inode: UInt64(info.st_ino))
    }
}
