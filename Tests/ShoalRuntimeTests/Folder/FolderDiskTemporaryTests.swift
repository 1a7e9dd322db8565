import Foundation
import ShoalIndex
import ShoalModel
import ShoalSync
import Testing

@testable import ShoalRuntime

/// Temporary files of pulls in progress, and reading blocks.
@Suite struct FolderDiskTemporaryTests {
    @Test func writeTemporaryWritesAtOffsetsBesideTheTarget() throws {
        let folder = try FolderFixture()
        try folder.directory.makeDirectory("root/d")
        let target = path("d/file.bin")
        #expect(
            folder.disk.perform(.writeTemporary(target: target, offset: 4, data: Array("efgh".utf8)))
                == .done(stat: nil))
        #expect(
            folder.disk.perform(.writeTemporary(target: target, offset: 0, data: Array("abcd".utf8)))
                == .done(stat: nil))
        let temporaries = folder.temporaries()
        #expect(temporaries == ["d/" + TemporaryName.file(for: target)])
        #expect(ShoalInternalNames.isInternal(relativePath: temporaries[0]))
        #expect(folder.read(temporaries[0]) == "abcdefgh")
        #expect(folder.stat("d/file.bin") == nil)
    }

    @Test func temporaryNamesFitTheNameLimitAndStayApart() throws {
        let long = String(repeating: "é", count: 127)  // 254 bytes
        let names = [
            TemporaryName.file(for: path(long)), TemporaryName.file(for: path(long + "x")),
            TemporaryName.symlink(for: path(long)),
        ]
        #expect(names.allSatisfy { $0.utf8.count <= 255 && $0.hasPrefix(".shoal-tmp-é") })
        #expect(Set(names).count == 3)
    }

    @Test func discardTemporaryRemovesOnlyThatTemporary() throws {
        let folder = try FolderFixture()
        try folder.pull("a", "x")
        try folder.pull("b", "y")
        #expect(folder.disk.perform(.discardTemporary(target: path("a"))) == .done(stat: nil))
        #expect(folder.disk.perform(.discardTemporary(target: path("a"))) == .done(stat: nil))
        #expect(folder.disk.perform(.discardTemporary(target: path("missing/a"))) == .done(stat: nil))
        #expect(folder.temporaries() == [TemporaryName.file(for: path("b"))])
    }

    @Test func removeAllTemporariesClearsTheWholeFolderAndNothingElse() throws {
        let folder = try FolderFixture()
        try folder.directory.write("root/.shoal-tmp-top", "t")
        try folder.directory.write("root/a/b/c/.shoal-tmp-deep-1234", "t")
        try folder.directory.write("root/a/keep.txt", "k")
        try folder.directory.write("root/.shoal/versions/.shoal-tmp-state", "state")
        try folder.directory.write("outside/.shoal-tmp-not-ours", "o")
        try FileManager.default.createSymbolicLink(
            atPath: folder.url("a/out"), withDestinationPath: folder.directory.url("outside"))
        try FileManager.default.createSymbolicLink(
            atPath: folder.url("a/.shoal-tmp-link"), withDestinationPath: "keep.txt")

        #expect(folder.disk.perform(.removeAllTemporaries) == .done(stat: nil))

        #expect(
            folder.tree() == [
                ".shoal", ".shoal/versions", ".shoal/versions/.shoal-tmp-state", "a", "a/b", "a/b/c", "a/keep.txt",
                "a/out",
            ])
        #expect(folder.read("../outside/.shoal-tmp-not-ours") == "o")
    }

    // MARK: - readBlock

    @Test func readBlockReadsExactlyTheBytesAskedFor() throws {
        let folder = try FolderFixture()
        try folder.write("f", "0123456789")
        #expect(folder.disk.perform(.readBlock(path: path("f"), offset: 3, size: 4)) == .data(Array("3456".utf8)))
        #expect(folder.disk.perform(.readBlock(path: path("f"), offset: 0, size: 0)) == .data([]))
    }

    @Test func aShortReadIsASourceChange() throws {
        let folder = try FolderFixture()
        try folder.write("f", "0123456789")
        #expect(folder.disk.perform(.readBlock(path: path("f"), offset: 8, size: 4)) == .failed(.sourceChanged))
        #expect(folder.disk.perform(.readBlock(path: path("gone"), offset: 0, size: 1)) == .failed(.sourceChanged))
        try folder.directory.makeDirectory("root/dir")
        #expect(folder.disk.perform(.readBlock(path: path("dir"), offset: 0, size: 1)) == .failed(.sourceChanged))
    }
}
