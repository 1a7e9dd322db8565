import Foundation
import Glibc
import ShoalIndex
import ShoalModel
import ShoalSync
import Testing

@testable import ShoalRuntime

/// `commitFile`: a pulled file goes into place whole, after checking the
/// target, keeping what it replaces.
@Suite struct FolderDiskCommitTests {
    let mtime: Int64 = 1_700_000_000_123_456_789

    @Test func commitReplacesTheFileAtomicallyAndKeepsTheOldOneInTheVersionStore() throws {
        let folder = try FolderFixture()
        try folder.directory.makeDirectory("root/docs")
        let old = try folder.write("docs/a.txt", "old content")
        try folder.pull("docs/a.txt", "new content!")
        #expect(folder.read("docs/a.txt") == "old content")  // nothing partial at the real path

        let outcome = folder.disk.perform(
            .commitFile(
                target: path("docs/a.txt"), expected: .file(old), permissions: 0o640, modifiedNanoseconds: mtime,
                keepReplaced: true, conflictCopy: nil))

        let now = try #require(folder.stat("docs/a.txt"))
        #expect(outcome == .done(stat: now))
        #expect(now.size == 12 && now.modifiedNanoseconds == mtime && now.inode != old.inode)
        #expect(folder.read("docs/a.txt") == "new content!")
        #expect(folder.mode("docs/a.txt") == 0o640)
        #expect(folder.temporaries().isEmpty)
        let kept = try folder.disk.versions.versions(of: path("docs/a.txt"))
        #expect(kept.count == 1)
        #expect(kept.first?.location == ".shoal/versions/docs/a.txt~20250102-030405-1")
        #expect(kept.first?.stat == old)  // the very file, moved, not copied
        #expect(try folder.versions(of: "docs/a.txt") == ["old content"])
    }

    @Test func commitWithoutKeepingDiscardsTheReplacedFile() throws {
        let folder = try FolderFixture()
        let old = try folder.write("a.txt", "old")
        try folder.pull("a.txt", "new")
        let outcome = folder.disk.perform(
            .commitFile(
                target: path("a.txt"), expected: .file(old), permissions: 0o644, modifiedNanoseconds: mtime,
                keepReplaced: false, conflictCopy: nil))
        #expect(outcome == .done(stat: folder.stat("a.txt")))
        #expect(folder.read("a.txt") == "new")
        #expect(folder.tree() == ["a.txt"])
    }

    @Test func aFileWithNoBlocksIsCommittedWithoutATemporary() throws {
        let folder = try FolderFixture()
        let outcome = folder.disk.perform(
            .commitFile(
                target: path("empty"), expected: .absent, permissions: 0o600, modifiedNanoseconds: mtime,
                keepReplaced: false, conflictCopy: nil))
        #expect(
            outcome == .done(stat: LocalStat(size: 0, modifiedNanoseconds: mtime, inode: folder.stat("empty")!.inode)))
        #expect(folder.read("empty") == "")
        #expect(folder.tree() == ["empty"])
    }

    /// What a local edit the scanner has not seen can look like.
    enum LocalChange: CaseIterable {
        case newModificationTime, newInode, newFileWhereNoneWas
    }

    @Test(arguments: LocalChange.allCases)
    func commitRefusesWhenTheTargetChangedAndTouchesNothing(_ change: LocalChange) throws {
        let folder = try FolderFixture()
        var expected = ExpectedEntry.absent
        switch change {
        case .newModificationTime:
            let cached = try folder.write("a.txt", "local", mtime: mtime)
            expected = .file(cached)
            try folder.write("a.txt", "local", mtime: mtime + 1)  // same size, same inode
        case .newInode:
            let cached = try folder.write("a.txt", "local", mtime: mtime)
            expected = .file(cached)
            try folder.write("new", "local", mtime: mtime)  // same size and mtime, made while a.txt exists
            #expect(rename(folder.url("new"), folder.url("a.txt")) == 0)
            #expect(folder.stat("a.txt")?.inode != cached.inode)
        case .newFileWhereNoneWas:
            try folder.write("a.txt", "local")
        }
        try folder.pull("a.txt", "remote")
        let before = folder.stat("a.txt")

        let outcome = folder.disk.perform(
            .commitFile(
                target: path("a.txt"), expected: expected, permissions: 0o644, modifiedNanoseconds: mtime,
                keepReplaced: true, conflictCopy: nil))

        #expect(outcome == .failed(.targetChanged))
        #expect(folder.stat("a.txt") == before && folder.read("a.txt") == "local")
        #expect(folder.temporaries().count == 1)
        #expect(folder.read(folder.temporaries()[0]) == "remote")
        #expect(try folder.disk.versions.versions(of: path("a.txt")).isEmpty)
    }

    @Test func aConflictMovesTheLocalFileToItsConflictCopy() throws {
        let folder = try FolderFixture()
        let local = try folder.write("notes.txt", "mine", mtime: mtime)
        try folder.pull("notes.txt", "theirs")
        let copy = "notes.sync-conflict-20231114-221320-ABCDEFG.txt"

        let outcome = folder.disk.perform(
            .commitFile(
                target: path("notes.txt"), expected: .file(local), permissions: 0o644, modifiedNanoseconds: mtime + 9,
                keepReplaced: true, conflictCopy: path(copy)))

        #expect(outcome == .done(stat: folder.stat("notes.txt")))
        #expect(folder.read("notes.txt") == "theirs")
        #expect(folder.read(copy) == "mine")
        #expect(folder.stat(copy) == local)  // renamed: same inode and mtime
        #expect(folder.tree() == [copy, "notes.txt"])  // not also in the version store
    }

    @Test func aTakenConflictCopyNameIsNeverReplaced() throws {
        let folder = try FolderFixture()
        let local = try folder.write("notes.txt", "mine")
        try folder.write("notes.sync-conflict.txt", "someone else's")
        try folder.pull("notes.txt", "theirs")

        let outcome = folder.disk.perform(
            .commitFile(
                target: path("notes.txt"), expected: .file(local), permissions: 0o644, modifiedNanoseconds: mtime,
                keepReplaced: true, conflictCopy: path("notes.sync-conflict.txt")))

        #expect(outcome == .failed(.targetChanged))
        #expect(folder.read("notes.txt") == "mine")
        #expect(folder.read("notes.sync-conflict.txt") == "someone else's")
        #expect(folder.temporaries().count == 1)
    }

    @Test func aFileReplacesAnEmptyDirectoryButNotAFullOne() throws {
        let folder = try FolderFixture()
        try folder.directory.makeDirectory("root/empty")
        try folder.directory.write("root/full/child", "x")
        for name in ["empty", "full"] {
            try folder.pull(name, "file")
        }
        let commit = { (name: String) in
            folder.disk.perform(
                .commitFile(
                    target: path(name), expected: .directory, permissions: 0o644, modifiedNanoseconds: self.mtime,
                    keepReplaced: true, conflictCopy: nil))
        }
        #expect(commit("empty") == .done(stat: folder.stat("empty")))
        #expect(folder.read("empty") == "file")
        #expect(commit("full") == .failed(.directoryNotEmpty))
        #expect(folder.read("full/child") == "x")
    }
}
