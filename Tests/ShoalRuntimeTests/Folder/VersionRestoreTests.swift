import Foundation
import Glibc
import ShoalIndex
import ShoalModel
import ShoalSync
import Testing

@testable import ShoalRuntime

/// Bringing kept versions back: IDs, the store walked for removed files,
/// restores in place and copies out.
@Suite struct VersionRestoreTests {
    /// Replaces `name` with new content through a commit that keeps the old file.
    func replace(_ folder: FolderFixture, _ name: String, with text: String) throws {
        let old = try #require(folder.stat(name))
        try folder.pull(name, text)
        let outcome = folder.disk.perform(
            .commitFile(
                target: path(name), expected: .file(old), permissions: 0o640, modifiedNanoseconds: 0,
                keepReplaced: true, conflictCopy: nil))
        #expect(outcome == .done(stat: folder.stat(name)))
    }

    /// Removes `name` through the disk, keeping it.
    func remove(_ folder: FolderFixture, _ name: String) throws {
        let old = try #require(folder.stat(name))
        #expect(folder.disk.perform(.remove(path: path(name), expected: .file(old), keepRemoved: true)) == .done(stat: nil))
    }

    // MARK: - Names

    @Test func storedNamesSplitBackIntoBaseTimeAndSequence() throws {
        let name = VersionName.name(base: "a~b.txt", storedAt: FolderFixture.startTime, sequence: 3)
        let split = try #require(VersionName.split(name))
        #expect(split.base == "a~b.txt" && split.storedAt == FolderFixture.startTime && split.sequence == 3)
        for other in ["a.txt", "a.txt~", "~20250102-030405-1", "a~20250102-030405", "a~2025010-030405-1"] {
            #expect(VersionName.split(other) == nil)
        }
        #expect(VersionName.id(storedAt: FolderFixture.startTime, sequence: 3) == "20250102-030405-3")
        #expect(VersionName.isoTimestamp(FolderFixture.startTime) == "2025-01-02T03:04:05Z")
        #expect(VersionName.isID("20250102-030405-3"))
        for other in ["20250102-030405", "20251302-030405-1", "x20250102-030405-1", "20250102-030405-0"] {
            #expect(!VersionName.isID(other))
        }
    }

    @Test func onlyLongNamesEndingInAHashMayBeCut() {
        let long = String(repeating: "n", count: 300)
        #expect(VersionName.mayBeCut(VersionName.base(of: Substring(long))))
        #expect(!VersionName.mayBeCut("notes~deadbeef"))  // too short to be a cut
        #expect(!VersionName.mayBeCut(String(repeating: "n", count: 234)))
    }

    // MARK: - Listing the whole store

    @Test func keptFilesMapStoredNamesBackAndSayWhichStillExist() throws {
        let folder = try FolderFixture()
        try folder.write("docs/kept.txt", "v1")
        try replace(folder, "docs/kept.txt", with: "v2")
        try folder.write("docs/gone.txt", "gone")
        try remove(folder, "docs/gone.txt")
        try folder.write("top~x", "old")
        folder.clock.advance(by: 1)
        try remove(folder, "top~x")
        let long = String(repeating: "é", count: 120)  // 240 bytes: stored cut
        try folder.write(long, "long")
        try remove(folder, long)

        let kept = try folder.disk.versions.keptFiles()
        #expect(kept.map(\.path?.string) == ["docs/gone.txt", "docs/kept.txt", "top~x", nil])
        #expect(kept.map(\.exists) == [false, true, false, false])
        #expect(kept[3].storedName == ".shoal/versions/" + VersionName.base(of: Substring(long)))
        #expect(kept[2].versions.map(\.id) == ["20250102-030406-1"])
        #expect(kept[0].versions.first?.location == ".shoal/versions/docs/gone.txt~20250102-030405-1")
    }

    @Test func aCutNameCountsAsExistingWhenAFileStoredUnderItsBaseIsThere() throws {
        let folder = try FolderFixture()
        let long = String(repeating: "x", count: 250)
        try folder.write(long, "v1")
        try replace(folder, long, with: "v2")
        let kept = try folder.disk.versions.keptFiles()
        #expect(kept.count == 1 && kept[0].path == nil && kept[0].exists)
    }

    @Test func noStoreIsNoKeptFiles() throws {
        #expect(try FolderFixture().disk.versions.keptFiles().isEmpty)
    }

    // MARK: - Restoring in place

    @Test func restoreReplacesTheFileAndKeepsWhatWasThere() throws {
        let folder = try FolderFixture()
        try folder.write("a.txt", "v1")
        #expect(chmod(folder.url("a.txt"), 0o604) == 0)
        try replace(folder, "a.txt", with: "v2")
        let version = try #require(try folder.disk.versions.versions(of: path("a.txt")).first)
        folder.clock.advance(by: 10)

        let replaced = try folder.disk.restore(version)

        #expect(folder.read("a.txt") == "v1")
        #expect(folder.mode("a.txt") == 0o604)  // the version's, not the replaced file's
        #expect(replaced?.id == "20250102-030415-1")
        #expect(try folder.versions(of: "a.txt") == ["v1", "v2"])
        #expect(folder.temporaries().isEmpty)
    }

    @Test func restoreOfARemovedFileMakesItsDirectoryAgain() throws {
        let folder = try FolderFixture()
        try folder.write("deep/er/a.txt", "old")
        try remove(folder, "deep/er/a.txt")
        try FileManager.default.removeItem(atPath: folder.url("deep"))
        let version = try #require(try folder.disk.versions.versions(of: path("deep/er/a.txt")).first)

        #expect(try folder.disk.restore(version) == nil)
        #expect(folder.read("deep/er/a.txt") == "old")
        #expect(try folder.versions(of: "deep/er/a.txt") == ["old"])
    }

    @Test func restoreRefusesADirectoryOrSymlinkAtThePath() throws {
        let folder = try FolderFixture()
        try folder.write("a", "old")
        try remove(folder, "a")
        let version = try #require(try folder.disk.versions.versions(of: path("a")).first)
        try folder.directory.makeDirectory("root/a")
        #expect(throws: RestoreError.notAFile("a", found: "a directory")) { try folder.disk.restore(version) }
        try FileManager.default.removeItem(atPath: folder.url("a"))
        try FileManager.default.createSymbolicLink(atPath: folder.url("a"), withDestinationPath: "/etc/passwd")
        #expect(throws: RestoreError.notAFile("a", found: "a symlink")) { try folder.disk.restore(version) }
        #expect(folder.linkTarget("a") == "/etc/passwd")
        #expect(folder.temporaries().isEmpty)
    }

    // MARK: - Copying out

    @Test func copyWritesTheExactBytesAndRefusesToReplaceUnlessAsked() throws {
        let folder = try FolderFixture()
        try folder.write("a.txt", "old bytes", mtime: 1_600_000_000_000_000_000)
        try replace(folder, "a.txt", with: "new")
        let version = try #require(try folder.disk.versions.versions(of: path("a.txt")).first)
        let output = folder.directory.url("out.txt")

        try folder.disk.versions.copy(version, toFileAt: output, replacing: false)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "old bytes")
        var info = stat()
        #expect(lstat(output, &info) == 0 && info.st_mtim.tv_sec == 1_600_000_000)

        try "mine".write(toFile: output, atomically: false, encoding: .utf8)
        #expect(throws: RestoreError.destinationExists(output)) {
            try folder.disk.versions.copy(version, toFileAt: output, replacing: false)
        }
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "mine")
        try folder.disk.versions.copy(version, toFileAt: output, replacing: true)
        #expect(try String(contentsOfFile: output, encoding: .utf8) == "old bytes")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.directory.url(""))
        #expect(leftovers.sorted() == ["out.txt", "root"])
    }
}
