import Foundation
import ShoalIndex
import ShoalModel
import ShoalSync
import Testing

@testable import ShoalRuntime

/// Directories, symlinks, modes and removals.
@Suite struct FolderDiskEntryTests {
    // MARK: - makeDirectory

    @Test func makeDirectoryCreatesOneWithTheModeAskedFor() throws {
        let folder = try FolderFixture()
        let outcome = folder.disk.perform(.makeDirectory(path: path("d"), permissions: 0o750, expected: .absent))
        #expect(outcome == .done(stat: folder.stat("d")))
        #expect(folder.mode("d") == 0o750)
        #expect(
            folder.disk.perform(.makeDirectory(path: path("d"), permissions: 0o755, expected: .absent))
                == .failed(.targetChanged))
    }

    @Test func makeDirectoryFixesTheModeOfAnExistingOne() throws {
        let folder = try FolderFixture()
        try folder.directory.write("root/d/child", "x")
        let outcome = folder.disk.perform(.makeDirectory(path: path("d"), permissions: 0o700, expected: .directory))
        #expect(outcome == .done(stat: folder.stat("d")))
        #expect(folder.mode("d") == 0o700 && folder.read("d/child") == "x")
    }

    @Test func makeDirectoryKeepsTheFileItReplaces() throws {
        let folder = try FolderFixture()
        let file = try folder.write("d", "was a file")
        let outcome = folder.disk.perform(.makeDirectory(path: path("d"), permissions: 0o755, expected: .file(file)))
        #expect(outcome == .done(stat: folder.stat("d")))
        #expect(try folder.versions(of: "d") == ["was a file"])
    }

    @Test func makeDirectoryNeedsItsParent() throws {
        let folder = try FolderFixture()
        let outcome = folder.disk.perform(.makeDirectory(path: path("a/b"), permissions: 0o755, expected: .absent))
        #expect(outcome == .failed(.io("the directory a does not exist")))
    }

    // MARK: - makeSymlink

    @Test func makeSymlinkCreatesReplacesAndKeepsAReplacedFile() throws {
        let folder = try FolderFixture()
        #expect(
            folder.disk.perform(.makeSymlink(path: path("l"), target: "../outside", expected: .absent))
                == .done(stat: folder.stat("l")))
        #expect(folder.linkTarget("l") == "../outside")

        let replaced = folder.disk.perform(
            .makeSymlink(path: path("l"), target: "t2", expected: .symlink(target: "../outside")))
        #expect(replaced == .done(stat: folder.stat("l")))
        #expect(folder.linkTarget("l") == "t2")

        let file = try folder.write("f", "content")
        #expect(
            folder.disk.perform(.makeSymlink(path: path("f"), target: "l", expected: .file(file)))
                == .done(stat: folder.stat("f")))
        #expect(folder.linkTarget("f") == "l")
        #expect(try folder.versions(of: "f") == ["content"])
        #expect(folder.temporaries().isEmpty)
    }

    @Test func makeSymlinkRefusesWhenTheLinkPointsElsewhere() throws {
        let folder = try FolderFixture()
        try FileManager.default.createSymbolicLink(atPath: folder.url("l"), withDestinationPath: "mine")
        let outcome = folder.disk.perform(.makeSymlink(path: path("l"), target: "x", expected: .symlink(target: "old")))
        #expect(outcome == .failed(.targetChanged))
        #expect(folder.linkTarget("l") == "mine")
        #expect(folder.temporaries().isEmpty)
    }

    // MARK: - setPermissions

    @Test func setPermissionsChangesOnlyTheMode() throws {
        let folder = try FolderFixture()
        let file = try folder.write("run.sh", "#!/bin/sh")
        let outcome = folder.disk.perform(
            .setPermissions(path: path("run.sh"), permissions: 0o755, expected: .file(file)))
        #expect(outcome == .done(stat: file))
        #expect(folder.mode("run.sh") == 0o755)
        try folder.write("run.sh", "#!/bin/bash")
        #expect(
            folder.disk.perform(.setPermissions(path: path("run.sh"), permissions: 0o700, expected: .file(file)))
                == .failed(.targetChanged))
        #expect(folder.mode("run.sh") == 0o755)
    }

    @Test func setPermissionsNeverFollowsASymlink() throws {
        let folder = try FolderFixture()
        let outside = try folder.directory.write("outside", "x")
        chmod(outside, 0o644)
        try FileManager.default.createSymbolicLink(atPath: folder.url("l"), withDestinationPath: outside)
        let outcome = folder.disk.perform(
            .setPermissions(path: path("l"), permissions: 0o777, expected: .symlink(target: outside)))
        #expect(outcome == .failed(.targetChanged))
        #expect(folder.mode("../outside") == 0o644)
    }

    // MARK: - remove

    @Test func removeKeepsAFileInTheVersionStoreWhenAsked() throws {
        let folder = try FolderFixture()
        let kept = try folder.write("k.txt", "keep me")
        let gone = try folder.write("g.txt", "lose me")
        #expect(
            folder.disk.perform(.remove(path: path("k.txt"), expected: .file(kept), keepRemoved: true))
                == .done(stat: nil))
        #expect(
            folder.disk.perform(.remove(path: path("g.txt"), expected: .file(gone), keepRemoved: false))
                == .done(stat: nil))
        #expect(folder.stat("k.txt") == nil && folder.stat("g.txt") == nil)
        #expect(try folder.versions(of: "k.txt") == ["keep me"])
        #expect(try folder.versions(of: "g.txt").isEmpty)
    }

    @Test func removeTakesSymlinksAndEmptyDirectoriesButNotFullOnes() throws {
        let folder = try FolderFixture()
        try folder.directory.makeDirectory("root/empty")
        try folder.directory.write("root/full/child", "x")
        try FileManager.default.createSymbolicLink(atPath: folder.url("l"), withDestinationPath: "full")
        #expect(
            folder.disk.perform(.remove(path: path("l"), expected: .symlink(target: "full"), keepRemoved: true))
                == .done(stat: nil))
        #expect(
            folder.disk.perform(.remove(path: path("empty"), expected: .directory, keepRemoved: false))
                == .done(stat: nil))
        #expect(
            folder.disk.perform(.remove(path: path("full"), expected: .directory, keepRemoved: false))
                == .failed(.directoryNotEmpty))
        #expect(folder.tree() == ["full", "full/child"])
    }

    @Test func removeRefusesAChangedFileAndAcceptsOneAlreadyGone() throws {
        let folder = try FolderFixture()
        let file = try folder.write("a", "one", mtime: 1_000_000_000)
        try folder.write("a", "two", mtime: 2_000_000_000)
        #expect(
            folder.disk.perform(.remove(path: path("a"), expected: .file(file), keepRemoved: true))
                == .failed(.targetChanged))
        #expect(folder.read("a") == "two")
        #expect(folder.disk.perform(.remove(path: path("b"), expected: .absent, keepRemoved: true)) == .done(stat: nil))
    }
}
