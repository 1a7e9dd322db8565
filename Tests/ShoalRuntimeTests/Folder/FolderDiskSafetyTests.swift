import Foundation
import Glibc
import ShoalIndex
import ShoalModel
import ShoalSync
import Testing

@testable import ShoalRuntime

/// Nothing Shoal does in a folder reaches outside it or into its own state.
@Suite struct FolderDiskSafetyTests {
    /// Every kind of change, aimed at `sub/file` below a parent `sub`.
    static let changes: [DiskOperation] = [
        .writeTemporary(target: path("sub/file"), offset: 0, data: [1, 2, 3]),
        .commitFile(
            target: path("sub/file"), expected: .absent, permissions: 0o644, modifiedNanoseconds: 0,
            keepReplaced: true, conflictCopy: nil),
        .makeDirectory(path: path("sub/file"), permissions: 0o755, expected: .absent),
        .makeSymlink(path: path("sub/file"), target: "x", expected: .absent),
        .remove(
            path: path("sub/file"), expected: .file(LocalStat(size: 6, modifiedNanoseconds: 0, inode: 0)),
            keepRemoved: true),
        .setPermissions(path: path("sub/file"), permissions: 0o777, expected: .absent),
    ]

    @Test(arguments: changes)
    func aSymlinkPlantedAsAParentDirectoryIsRefused(_ operation: DiskOperation) throws {
        let folder = try FolderFixture()
        try folder.directory.write("outside/file", "secret")
        try FileManager.default.createSymbolicLink(
            atPath: folder.url("sub"), withDestinationPath: folder.directory.url("outside"))

        let outcome = folder.disk.perform(operation)

        #expect(outcome == .failed(.io("sub is a symlink; Shoal never follows a symlink inside a folder")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.directory.url("outside")) == ["file"])
        #expect(folder.read("../outside/file") == "secret")
    }

    @Test func aBlockIsNeverReadThroughASymlink() throws {
        let folder = try FolderFixture()
        try folder.directory.write("outside/file", "secret")
        try FileManager.default.createSymbolicLink(
            atPath: folder.url("sub"), withDestinationPath: folder.directory.url("outside"))
        try FileManager.default.createSymbolicLink(
            atPath: folder.url("link"), withDestinationPath: folder.directory.url("outside/file"))
        #expect(folder.disk.perform(.readBlock(path: path("sub/file"), offset: 0, size: 6)) == .failed(.sourceChanged))
        #expect(folder.disk.perform(.readBlock(path: path("link"), offset: 0, size: 6)) == .failed(.sourceChanged))
    }

    @Test func aParentThatIsAFileIsNamed() throws {
        let folder = try FolderFixture()
        try folder.write("sub", "a file")
        #expect(folder.disk.perform(Self.changes[2]) == .failed(.io("sub is not a directory")))
    }

    @Test(arguments: [".shoal/versions/x~20250101-000000-1", ".shoal-tmp-x", "d/.shoal-tmp-y-12345678"])
    func shoalsOwnNamesAreNeverOperatedOn(_ name: String) throws {
        let folder = try FolderFixture()
        try folder.directory.write("root/" + name, "internal")
        for operation: DiskOperation in [
            .readBlock(path: path(name), offset: 0, size: 1),
            .remove(path: path(name), expected: .file(try #require(folder.stat(name))), keepRemoved: false),
        ] {
            guard case .failed = folder.disk.perform(operation) else {
                Issue.record("\(operation) was carried out")
                continue
            }
        }
        #expect(folder.read(name) == "internal")
    }

    @Test func aFIFOAtTheTemporaryNameIsRefusedWithoutBlocking() throws {
        let folder = try FolderFixture()
        let name = TemporaryName.file(for: path("f"))
        #expect(mkfifo(folder.url(name), 0o600) == 0)
        let outcome = folder.disk.perform(.writeTemporary(target: path("f"), offset: 0, data: [1]))
        guard case .failed(.io) = outcome else {
            Issue.record("writing through a FIFO gave \(outcome)")
            return
        }
    }

    @Test func noSpaceAndQuotaBecomeNoSpaceAndOtherErrorsSayWhatFailed() {
        // Provoking a real ENOSPC needs a small file system of our own (a
        // tmpfs in a private mount namespace): too heavy for a unit test, so
        // this checks the mapping itself.
        #expect(DiskError(SystemError("write", path: "a/b", code: ENOSPC)) == .noSpace)
        #expect(DiskError(SystemError("write", path: "a/b", code: EDQUOT)) == .noSpace)
        #expect(DiskError(SystemError("open", path: "a/b", code: EACCES)) == .io("open a/b: Permission denied"))
    }
}
