import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol
import ShoalSync
import Testing

/// Send-only and receive-only folders.
@Suite struct FolderTypeTests {
    let me = TestDevice.local.id
    let a = TestDevice.a.id

    /// A started node of `type` holding `mine.txt`, a connected and caught up on nothing.
    func node(_ type: FolderType) throws -> (NodeHarness, FileRecord, [NodeCommand]) {
        var node = try NodeHarness(type)
        let mine = try node.scanned(observedFile("mine.txt", Content(1)))[0]
        node.start()
        let commands = node.connect(.a, seen: 0)
        return (node, mine, commands)
    }

    @Test func sendOnlySendsItsChanges() throws {
        let (_, mine, commands) = try node(.sendOnly)
        #expect(commands.clusterConfigs(to: .a).first?.folders.first?.isSendOnly == true)
        #expect(commands.indexBatches(to: .a).flatMap(\.records) == [mine])
    }

    @Test func sendOnlyNeverAppliesRemoteChanges() throws {
        var (node, mine, _) = try node(.sendOnly)
        let newer = record("mine.txt", content: Content(2), version: version((me, 1), (a, 1)), by: a)
        let new = record("theirs.txt", content: Content(3), version: version((a, 1)), by: a, sequence: 2)
        let deletion = record("mine.txt", version: version((me, 1), (a, 2)), by: a, deleted: true, sequence: 3)

        let commands = node.index(from: .a, newer, new) + node.index(from: .a, deletion)

        #expect(commands.diskOperations.isEmpty && commands.requests.isEmpty)
        #expect(try node.stored("mine.txt") == mine)
        #expect(try node.stored("theirs.txt") == nil)
    }

    @Test func receiveOnlyKeepsItsLocalChangesToItself() throws {
        var (node, _, commands) = try node(.receiveOnly)
        #expect(commands.clusterConfigs(to: .a).first?.folders.first?.isSendOnly == false)
        #expect(commands.indexBatches(to: .a).flatMap(\.records).isEmpty)
        try node.scanned(observedFile("mine.txt", Content(5), mtime: baseTime + 1))
        #expect(node.scanReported().indexBatches(to: .a).flatMap(\.records).isEmpty)
    }

    @Test func receiveOnlyAppliesRemoteChangesAndPassesThemOn() throws {
        var (node, _, _) = try node(.receiveOnly)
        let theirs = record("theirs.txt", content: Content(3), version: version((a, 1)), by: a)

        let commands = try node.supplyBlocks(node.index(from: .a, theirs), of: Content(3))
        let commit = try #require(commands.commits.first)
        let done = node.finish(commit.token, .done(stat: LocalStat(size: 8, modifiedNanoseconds: baseTime, inode: 9)))

        #expect(commit.target == theirs.path)
        #expect(done.indexBatches(to: .a).flatMap(\.records).map(\.path) == [theirs.path])
    }

    @Test func receiveOnlyDoesNotOverwriteALocalChange() throws {
        var (node, _, _) = try node(.receiveOnly)
        let concurrent = record("mine.txt", content: Content(2), version: version((a, 1)), by: a, mtime: baseTime + 50)

        let commands = node.index(from: .a, concurrent)

        #expect(commands.diskOperations.isEmpty && commands.requests.isEmpty)
    }

    @Test func sendOnlyReportsWhatItDoesNotApply() throws {
        var (node, _, _) = try node(.sendOnly)
        let newer = record("mine.txt", content: Content(2), version: version((me, 1), (a, 1)), by: a)
        let new = record("theirs.txt", content: Content(3), version: version((a, 1)), by: a, sequence: 2)
        node.index(from: .a, newer, new)

        let status = try #require(node.node.status(of: docs))
        #expect(status.outOfSync == 2)
        #expect(status.needFiles == 0 && status.files == 1)
    }

    @Test func aSendReceiveFolderCountsWhatItNeeds() throws {
        var (node, _, _) = try node(.sendReceive)
        let new = record("theirs.txt", content: Content(3, 4), version: version((a, 1)), by: a)
        node.index(from: .a, new)

        let status = try #require(node.node.status(of: docs))
        #expect(status.needFiles == 1 && status.needBytes == new.size && status.pulling == 1)
        #expect(node.node.status(of: try FolderID("unknown")) == nil)
    }

    @Test func revertingBringsThePeersVersionBackOverALocalChange() throws {
        var (node, _, _) = try node(.receiveOnly)
        let theirs = record("mine.txt", content: Content(2), version: version((a, 1)), by: a, mtime: baseTime + 50)
        node.index(from: .a, theirs)
        #expect(node.node.status(of: docs)?.localChanges == 1)

        let commands = try node.supplyBlocks(node.handle(.revertLocalChanges(docs)), of: Content(2))
        let commit = try #require(commands.commits.first)
        #expect(commit.target == theirs.path)
        #expect(commit.keepReplaced && commit.conflictCopy == nil, "the local change goes to the version store, not a conflict copy")
        node.finish(commit.token, .done(stat: LocalStat(size: 8, modifiedNanoseconds: baseTime + 50, inode: 7)))
        #expect(try node.stored("mine.txt")?.version == theirs.version)
        #expect(node.node.status(of: docs)?.localChanges == 0)
    }

    @Test func revertingRemovesAnEntryOnlyThisDeviceHad() throws {
        var (node, mine, _) = try node(.receiveOnly)

        let commands = node.handle(.revertLocalChanges(docs))

        let removal = try #require(commands.diskOperations.first { if case .remove = $0.operation { true } else { false } })
        #expect(removal.operation == .remove(path: mine.path, expected: .file(LocalStat(size: 8, modifiedNanoseconds: baseTime, inode: 1)), keepRemoved: true))
        node.finish(removal.token, .done(stat: nil))
        #expect(try node.stored("mine.txt")?.isDeleted == true)
        #expect(node.history.indexBatches(to: .a).flatMap(\.records).isEmpty, "the undoing stays local too")
    }

    @Test func onlyAReceiveOnlyFolderReverts() throws {
        var (node, _, _) = try node(.sendReceive)
        let commands = node.handle(.revertLocalChanges(docs))
        #expect(commands.diskOperations.isEmpty)
        #expect(commands.warnings.contains { $0.contains("not one") })
    }
}
