import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol
import ShoalSync
import Testing

/// Moving a pulled file into place, recording it, and telling the peers.
@Suite struct PullCommitTests {
    let me = TestDevice.local.id
    let a = TestDevice.a.id
    let scannedStat = LocalStat(size: 8, modifiedNanoseconds: baseTime, inode: 42)
    let newStat = LocalStat(size: 16, modifiedNanoseconds: baseTime + 5, inode: 43)
    let update = Content(1, 2)

    /// A node holding `doc.txt` (one block), both peers connected and up to
    /// date, and a's newer version of `doc.txt` pulled up to its commit.
    func pulledUpdate() throws -> (node: NodeHarness, remote: FileRecord, commands: [NodeCommand]) {
        var node = try NodeHarness()
        try node.scanned(observedFile("doc.txt", Content(1), inode: 42))
        node.start()
        node.connect(.a, seen: 1)
        node.connect(.b, seen: 1)
        let remote = record(
            "doc.txt", content: update, version: version((me, 1), (a, 1)), by: a, mtime: baseTime + 5,
            permissions: 0o600)
        let commands = try node.supplyBlocks(node.index(from: .a, remote), of: update)
        return (node, remote, commands)
    }

    @Test func everyBlockWrittenLeadsToOneCommitExpectingTheScannedFile() throws {
        let (_, remote, commands) = try pulledUpdate()
        #expect(commands.requests.map(\.request.hash) == [update.refs[1].hash], "block 0 is local")
        let commit = try #require(commands.commits.first)
        #expect(commands.commits.count == 1)
        #expect(commit.target == remote.path)
        #expect(commit.expected == .file(scannedStat))
        #expect(commit.permissions == 0o600)
        #expect(commit.modifiedNanoseconds == baseTime + 5)
        #expect(commit.keepReplaced, "the replaced file goes to the version store")
        #expect(commit.conflictCopy == nil)
    }

    @Test func aDoneCommitIsStoredWithTheNextSequenceAndAnnouncedSigned() throws {
        var (node, remote, commands) = try pulledUpdate()
        let commit = try #require(commands.commits.first)

        let done = node.finish(commit.token, .done(stat: newStat))

        let stored = try #require(try node.stored("doc.txt"))
        #expect(stored.version == remote.version)
        #expect(stored.blocks == remote.blocks && stored.modifiedBy == a)
        #expect(stored.sequence == 2)
        #expect(try node.store.localStat(in: docs, at: remote.path) == newStat)
        for peer in [TestDevice.a, .b] {
            let batch = try #require(done.indexBatches(to: peer).first)
            #expect(done.indexBatches(to: peer).count == 1)
            #expect(batch.author == me && batch.folder == docs)
            #expect(batch.after == 1 && batch.through == 2)
            #expect(batch.records == [stored])
            #expect(throws: Never.self) { try SignedIndexBatches().verify(batch) }
        }
        #expect(done.diskOperations.isEmpty, "nothing left to do")
    }

    @Test func aTargetChangedOnCommitAsksForAScanAndStoresNothing() throws {
        var (node, _, commands) = try pulledUpdate()
        let commit = try #require(commands.commits.first)

        let failed = node.finish(commit.token, .failed(.targetChanged))

        #expect(failed.asksForScan)
        #expect(failed.discarded.map(\.string) == ["doc.txt"])
        #expect(try node.stored("doc.txt")?.version == version((me, 1)))
        #expect(failed.sent.isEmpty, "nothing new to announce")
        #expect(failed.requests.isEmpty && failed.commits.isEmpty, "no retry before the scan reports")
    }

    @Test func aLocalEditFoundByThatScanBecomesAConflict() throws {
        var (node, remote, commands) = try pulledUpdate()
        node.finish(try #require(commands.commits.first).token, .failed(.targetChanged))
        let edit = try node.scanned(observedFile("doc.txt", Content(5), mtime: baseTime + 3, inode: 44))[0]

        let retried = try node.supplyBlocks(node.scanReported(), of: update)

        let commit = try #require(retried.commits.first)
        #expect(commit.expected == .file(LocalStat(size: 8, modifiedNanoseconds: baseTime + 3, inode: 44)))
        #expect(try commit.conflictCopy == ConflictName.path(for: edit))
        #expect(commit.modifiedNanoseconds == remote.modifiedNanoseconds, "the later edit wins")
    }
}
