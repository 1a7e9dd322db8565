import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol
import ShoalSync
import Testing

/// Concurrent versions and deletions, as a node applies them.
@Suite struct ConflictApplyTests {
    let me = TestDevice.local.id
    let a = TestDevice.a.id

    /// A started node with `notes.txt` scanned (block 1) and a connected.
    func nodeWithNotes() throws -> (NodeHarness, FileRecord) {
        var node = try NodeHarness()
        let local = try node.scanned(observedFile("notes.txt", Content(1)))[0]
        node.start()
        node.connect(.a, seen: 1)
        return (node, local)
    }

    @Test func aConcurrentEditThatWinsKeepsTheLocalFileAsAConflictCopy() throws {
        var (node, local) = try nodeWithNotes()
        let theirs = record("notes.txt", content: Content(2), version: version((a, 1)), by: a, mtime: baseTime + 1)

        let commands = try node.supplyBlocks(node.index(from: .a, theirs), of: Content(2))

        let commit = try #require(commands.commits.first)
        let copy = try #require(commit.conflictCopy)
        #expect(try copy == ConflictName.path(for: local))
        #expect(copy.string == "notes.sync-conflict-20240305-140709-\(me.shortID).txt")
        #expect(commit.keepReplaced)
        let done = node.finish(commit.token, .done(stat: LocalStat(size: 8, modifiedNanoseconds: baseTime + 1, inode: 2)))
        #expect(try node.stored("notes.txt")?.version == theirs.version)
        #expect(done.asksForScan, "the conflict copy is a new local file")
        #expect(done.contains { if case .log(.info, let text) = $0 { text.contains(copy.string) } else { false } })
    }

    @Test func aConflictWithNoRoomForACopyKeepsTheLoserInTheVersionStore() throws {
        var node = try NodeHarness()
        let directories = (1...16).map { depth in
            Array(repeating: String(repeating: "d", count: 254), count: depth).joined(separator: "/")
        }
        let deep = directories[15] + "/f"
        try node.store.apply(directories.map { .changed(observedDirectory($0)) }, in: docs, by: me)
        try node.scanned(observedFile(deep, Content(1)))
        node.start()
        node.connect(.a, seen: 1)
        let theirs = record(deep, content: Content(2), version: version((a, 1)), by: a, mtime: baseTime + 1)

        let commands = try node.supplyBlocks(node.index(from: .a, theirs), of: Content(2))

        let commit = try #require(commands.commits.first)
        #expect(commit.conflictCopy == nil)
        #expect(commit.keepReplaced)
        #expect(commands.warnings.contains { $0.contains("no conflict copy") })
    }

    @Test func aConcurrentEditThatLosesChangesNothingHere() throws {
        var (node, local) = try nodeWithNotes()
        let theirs = record("notes.txt", content: Content(2), version: version((a, 1)), by: a, mtime: baseTime - 1)

        let commands = node.index(from: .a, theirs)

        #expect(commands.diskOperations.isEmpty && commands.requests.isEmpty)
        #expect(try node.stored("notes.txt") == local)
    }

    @Test func identicalConcurrentContentIsMergedWithoutTouchingTheDisk() throws {
        var (node, _) = try nodeWithNotes()
        let theirs = record("notes.txt", content: Content(1), version: version((a, 1)), by: a, mtime: baseTime + 9)

        let commands = node.index(from: .a, theirs)

        #expect(commands.diskOperations.isEmpty && commands.requests.isEmpty)
        let stored = try #require(try node.stored("notes.txt"))
        #expect(stored.version == version((me, 1), (a, 1)))
        #expect(stored.sequence == 2)
        #expect(commands.indexBatches(to: .a).flatMap(\.records) == [stored])
    }

    @Test func aRemoteDeletionRemovesTheFileIntoTheVersionStore() throws {
        var (node, _) = try nodeWithNotes()
        let deletion = record("notes.txt", version: version((me, 1), (a, 1)), by: a, deleted: true)

        let commands = node.index(from: .a, deletion)

        let expected = ExpectedEntry.file(LocalStat(size: 8, modifiedNanoseconds: baseTime, inode: 1))
        let path = try RelativePath("notes.txt")
        let token = try #require(commands.token(of: .remove(path: path, expected: expected, keepRemoved: true)))
        node.finish(token, .done(stat: nil))
        let stored = try #require(try node.stored("notes.txt"))
        #expect(stored.isDeleted && stored.version == deletion.version)
    }

    @Test func aRemoteDeletionOfAnEmptyDirectoryRemovesIt() throws {
        var node = try NodeHarness()
        try node.scanned(observedDirectory("d", inode: 3))
        node.start()
        node.connect(.a, seen: 1)
        let deletion = record("d", .directory, version: version((me, 1), (a, 1)), by: a, deleted: true)

        let commands = node.index(from: .a, deletion)

        let path = try RelativePath("d")
        #expect(commands.operations == [.remove(path: path, expected: .directory, keepRemoved: false)])
    }

    @Test func aDeletedDirectoryGoesRightAfterItsLastEntry() throws {
        var node = try NodeHarness()
        try node.scanned(observedDirectory("d", inode: 3), observedFile("d/f.txt", Content(1), inode: 4))
        node.start()
        node.connect(.a, seen: 2)
        let dirGone = record("d", .directory, version: version((me, 1), (a, 1)), by: a, deleted: true, sequence: 1)
        let fileGone = record("d/f.txt", version: version((me, 2), (a, 1)), by: a, deleted: true, sequence: 2)

        let first = node.index(from: .a, dirGone, fileGone)
        let fileRemoval = try #require(first.diskOperations.first)
        #expect(first.diskOperations.count == 1, "the directory waits for its entry")
        let next = node.finish(fileRemoval.token, .done(stat: nil))

        let path = try RelativePath("d")
        #expect(next.operations == [.remove(path: path, expected: .directory, keepRemoved: false)])
        #expect(!next.contains { if case .startTimer = $0 { true } else { false } })
    }

    @Test func modifyBeatsAConcurrentRemoteDeletion() throws {
        var (node, _) = try nodeWithNotes()
        let edit = try node.scanned(observedFile("notes.txt", Content(3), mtime: baseTime + 1, inode: 1))[0]
        node.scanReported()
        let deletion = record("notes.txt", version: version((me, 1), (a, 1)), by: a, mtime: baseTime + 100, deleted: true)

        let commands = node.index(from: .a, deletion)

        #expect(commands.diskOperations.isEmpty)
        #expect(try node.stored("notes.txt") == edit)
    }

    @Test func aRemoteEditBeatsAConcurrentLocalDeletionWithoutACopy() throws {
        var (node, _) = try nodeWithNotes()
        try node.scannedDeletion("notes.txt")
        node.scanReported()
        let edit = record("notes.txt", content: Content(4), version: version((me, 1), (a, 1)), by: a, mtime: baseTime - 100)

        let commands = try node.supplyBlocks(node.index(from: .a, edit), of: Content(4))

        let commit = try #require(commands.commits.first)
        #expect(commit.expected == .absent)
        #expect(!commit.keepReplaced && commit.conflictCopy == nil)
    }
}
