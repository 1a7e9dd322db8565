import Foundation
import Glibc
import ShoalCrypto
import ShoalModel
import ShoalTestSupport
import Testing

@testable import ShoalIndex

@Suite struct FolderScannerTests {
    @Test func indexesFilesDirectoriesAndSymlinks() throws {
        let f = try ScanFixture()
        var random = SplitMix64(seed: 1)
        let big = random.bytes(3 << 20)
        try f.directory.write("docs/big.bin", big)
        try f.directory.write("docs/empty.txt", [])
        try f.directory.write("top.txt", "hello")
        try f.directory.makeDirectory("docs/nested/deeper")
        try FileManager.default.createSymbolicLink(atPath: f.directory.url("link"), withDestinationPath: "docs/top.txt")
        chmod(f.directory.url("top.txt"), 0o640)

        let report = try f.scan()

        #expect(report.files == 3 && report.directories == 3 && report.symlinks == 1)
        #expect(report.bytes == Int64(big.count) + 5)
        #expect(report.skipped.isEmpty)
        #expect(try f.livePaths() == ["docs", "docs/big.bin", "docs/empty.txt", "docs/nested", "docs/nested/deeper", "link", "top.txt"])
        let bigRecord = try #require(try f.record("docs/big.bin"))
        #expect(bigRecord.size == Int64(big.count))
        #expect(bigRecord.blocks.reduce(0) { $0 + $1.size } == big.count)
        #expect(bigRecord.blocks.count > 1)
        // This device's counter is the change's local sequence number.
        #expect(bigRecord.version.counter(for: f.device) == bigRecord.sequence)
        #expect(bigRecord.modifiedBy == f.device)
        let first = bigRecord.blocks[0]
        #expect(first.hash == ContentHash.of(big[0..<first.size]))
        #expect(try f.record("docs/empty.txt")?.blocks == [])
        #expect(try f.record("top.txt")?.permissions == 0o640)
        #expect(try f.record("top.txt")?.blocks == [BlockRef(hash: .of(Array("hello".utf8)), size: 5)])
        let link = try #require(try f.record("link"))
        #expect(link.kind == .symlink && link.symlinkTarget == "docs/top.txt" && link.blocks.isEmpty)
        #expect(try f.record("docs/nested")?.kind == .directory)
        // Every change got its own sequence number, in path order.
        let sequences = try f.index.records(in: f.folder).map(\.sequence)
        #expect(sequences == Array(1...7))
        #expect(report.sequence == 7)
    }

    @Test func rescanWithoutChangesHashesNothing() throws {
        let f = try ScanFixture()
        for n in 0..<50 { try f.directory.write("dir\(n % 5)/file\(n)", "content \(n)") }
        let first = try f.scan()
        #expect(first.hashedFiles == 50)

        let second = try f.scan()
        #expect(second.hashedFiles == 0)
        #expect(second.changed == 0 && second.deleted == 0)
        #expect(second.sequence == first.sequence)
        #expect(second.files == 50)
        #expect(second.blocks == first.blocks)
    }

    @Test func detectsModificationsDeletionsAndPermissionChanges() throws {
        let f = try ScanFixture()
        try f.directory.write("a.txt", "one")
        try f.directory.write("b.txt", "two")
        try f.directory.write("c.txt", "three")
        try f.directory.makeDirectory("d")
        try f.scan()

        try f.directory.write("a.txt", "one, edited")
        chmod(f.directory.url("b.txt"), 0o600)
        try FileManager.default.removeItem(atPath: f.directory.url("c.txt"))
        try FileManager.default.removeItem(atPath: f.directory.url("d"))
        let report = try f.scan()

        #expect(report.hashedFiles == 1)  // only a.txt: b.txt's chmod keeps size and mtime
        #expect(report.changed == 2 && report.deleted == 2)
        let a = try #require(try f.record("a.txt"))
        #expect(a.size == 11 && a.version.counter(for: f.device) == a.sequence && a.sequence > 4)
        let b = try #require(try f.record("b.txt"))
        #expect(b.permissions == 0o600 && b.blocks == [BlockRef(hash: .of(Array("two".utf8)), size: 3)])
        let c = try #require(try f.record("c.txt"))
        #expect(c.isDeleted && c.blocks.isEmpty && c.version.counter(for: f.device) == c.sequence)
        #expect(try f.record("d")?.isDeleted == true)
        #expect(try f.index.locations(of: .of(Array("three".utf8))).isEmpty)
        #expect(try f.index.records(in: f.folder, after: 4).map(\.path.string) == ["a.txt", "b.txt", "c.txt", "d"])

        // A deleted file that comes back is a new version after its tombstone.
        try f.directory.write("c.txt", "three")
        try f.scan()
        let back = try #require(try f.record("c.txt"))
        #expect(back.version.counter(for: f.device) == back.sequence && back.sequence > c.sequence)
        #expect(try f.record("c.txt")?.isDeleted == false)
    }

    @Test func touchedButIdenticalFileKeepsItsVersion() throws {
        let f = try ScanFixture()
        let path = try f.directory.write("same.txt", "unchanged")
        try f.scan()
        var times = [timespec(tv_sec: 1_000_000, tv_nsec: 0), timespec(tv_sec: 1_000_000, tv_nsec: 0)]
        utimensat(AT_FDCWD, path, &times, 0)

        let touched = try f.scan()
        #expect(touched.hashedFiles == 1 && touched.changed == 0)
        #expect(try f.record("same.txt")?.version.counter(for: f.device) == 1)
        // The new stat is remembered, so the next scan reads nothing.
        #expect(try f.scan().hashedFiles == 0)
    }

    @Test func findsBlocksByHashAcrossFiles() throws {
        let f = try ScanFixture()
        try f.directory.write("x/one", "shared content")
        try f.directory.write("y/two", "shared content")
        try f.scan()
        let locations = try f.index.locations(of: .of(Array("shared content".utf8)))
        #expect(locations.map(\.path.string) == ["x/one", "y/two"])
        #expect(locations.allSatisfy { $0.offset == 0 && $0.size == 14 })
    }

    @Test func symlinksAreRecordedNeverFollowed() throws {
        let f = try ScanFixture()
        let outside = try TemporaryDirectory()
        try outside.write("secret.txt", "outside the folder")
        try FileManager.default.createSymbolicLink(atPath: f.directory.url("escape"), withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: f.directory.url("dangling"), withDestinationPath: "../nowhere")

        let report = try f.scan()
        #expect(try f.livePaths() == ["dangling", "escape"])
        #expect(report.symlinks == 2 && report.files == 0)
        #expect(try f.record("escape")?.symlinkTarget == outside.path)
    }

    @Test func honoursIgnoreRulesAndSkipsShoalsOwnFiles() throws {
        let f = try ScanFixture()
        try f.directory.write(".shoalignore", "*.tmp\nbuild/\n!keep.tmp\n")
        try f.directory.write("a.tmp", "x")
        try f.directory.write("keep.tmp", "x")
        try f.directory.write("build/out.o", "x")
        try f.directory.write("src/build", "a file named build is not a directory")
        try f.directory.write(".shoal/index.db", "state")
        try f.directory.write("src/.shoal-tmp-123-file", "partial download")
        try f.directory.write("src/main.swift", "print()")

        let report = try f.scan()
        #expect(try f.livePaths() == [".shoalignore", "keep.tmp", "src", "src/build", "src/main.swift"])
        #expect(report.skipped.isEmpty)
    }

    @Test func recordsOfIgnoredEntriesAreNotDeleted() throws {
        let f = try ScanFixture()
        try f.directory.write("notes.log", "x")
        try f.scan()
        try f.directory.write(".shoalignore", "*.log\n")
        let report = try f.scan()
        #expect(report.deleted == 0)
        #expect(try f.record("notes.log")?.isDeleted == false)
    }
}
