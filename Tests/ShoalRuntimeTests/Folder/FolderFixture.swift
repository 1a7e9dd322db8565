import Foundation
import Glibc
import ShoalIndex
import ShoalModel
import ShoalSync
import ShoalTestSupport
import Synchronization
import Testing

@testable import ShoalRuntime

/// A real folder in a temporary directory with a `FolderDisk` on it, and a
/// settable clock for the version store.
final class FolderFixture: Sendable {
    let directory: TemporaryDirectory
    let disk: FolderDisk
    let clock: TestClock

    /// 2025-01-02 03:04:05 UTC.
    static let startTime: Int64 = 1_735_787_045

    init(retention: VersionRetention = VersionRetention()) throws {
        directory = try TemporaryDirectory(prefix: "shoal-folder")
        try directory.makeDirectory("root")
        let clock = TestClock(Self.startTime)
        self.clock = clock
        disk = try FolderDisk(root: directory.url("root"), retention: retention, clock: { clock.now })
    }

    /// The absolute path of `relative` inside the folder.
    func url(_ relative: String) -> String { directory.url("root/" + relative) }

    /// Writes a file in the folder and returns the stat the index would cache.
    @discardableResult
    func write(_ relative: String, _ text: String, mtime: Int64? = nil) throws -> LocalStat {
        try directory.write("root/" + relative, text)
        if let mtime {
            var times = [timespec(nanoseconds: mtime), timespec(nanoseconds: mtime)]
            #expect(utimensat(AT_FDCWD, url(relative), &times, AT_SYMLINK_NOFOLLOW) == 0)
        }
        return try #require(stat(relative))
    }

    /// The stat of the entry at `relative` (not following a symlink), or `nil`.
    func stat(_ relative: String) -> LocalStat? {
        var info = Glibc.stat()
        guard lstat(url(relative), &info) == 0 else { return nil }
        return LocalStat(info)
    }

    /// The mode bits of the entry at `relative`.
    func mode(_ relative: String) -> UInt32? {
        var info = Glibc.stat()
        guard lstat(url(relative), &info) == 0 else { return nil }
        return UInt32(info.st_mode & 0o7777)
    }

    /// The text of the file at `relative`, or `nil` when it cannot be read.
    func read(_ relative: String) -> String? {
        (try? Data(contentsOf: URL(fileURLWithPath: url(relative)))).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The target of the symlink at `relative`.
    func linkTarget(_ relative: String) -> String? {
        try? FileManager.default.destinationOfSymbolicLink(atPath: url(relative))
    }

    /// Every path in the folder, recursively, sorted (symlinks not followed).
    func tree() -> [String] {
        (FileManager.default.subpaths(atPath: url("")) ?? []).sorted()
    }

    /// The names of the temporary files anywhere in the folder.
    func temporaries() -> [String] {
        tree().filter { $0.split(separator: "/").last!.hasPrefix(ShoalInternalNames.temporaryPrefix) }
    }

    /// Writes `text` into the temporary file of `target` through the disk.
    func pull(_ target: String, _ text: String) throws {
        let outcome = disk.perform(.writeTemporary(target: try RelativePath(target), offset: 0, data: Array(text.utf8)))
        #expect(outcome == .done(stat: nil))
    }

    /// The text of each kept version of `path`, oldest first.
    func versions(of path: String) throws -> [String] {
        try disk.versions.versions(of: RelativePath(path)).map { read($0.location) ?? "?" }
    }
}

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let seconds: Mutex<Int64>

    init(_ start: Int64) {
        seconds = Mutex(start)
    }

    var now: Int64 { seconds.withLock { $0 } }

    func advance(by delta: Int64) {
        seconds.withLock { $0 += delta }
    }
}

/// A relative path from text known to be valid.
func path(_ text: String) -> RelativePath {
    try! RelativePath(text)
}
