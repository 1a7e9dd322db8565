import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol
import ShoalSync
import Testing

/// Cluster configs and signed, incremental index batches, both ways.
@Suite struct IndexExchangeTests {
    let me = TestDevice.local.id
    let a = TestDevice.a.id

    /// A started node whose index holds `f1.txt`…`fN.txt`, sequences 1…N.
    func nodeWithFiles(_ count: Int, limits: NodeLimits = NodeLimits()) throws -> NodeHarness {
        var node = try NodeHarness(limits: limits)
        for n in 1...count { try node.scanned(observedFile("f\(n).txt", Content(UInt8(n)))) }
        node.start()
        return node
    }

    @Test func aConnectedPeerIsToldHowFarItsIndexWasSeen() throws {
        var node = try NodeHarness()
        node.start()
        let first = node.handle(.peerConnected(a))
        let offer = SharedFolder(folder: docs, indexProgress: [AuthorSequence(author: a, sequence: 0)])
        #expect(first.clusterConfigs(to: .a) == [ClusterConfig(folders: [offer])])
        #expect(first.count == 1)
        node.index(from: .a, record("x", .directory, version: version((a, 1)), by: a, sequence: 7))
        node.handle(.peerDisconnected(a))

        let again = node.handle(.peerConnected(a))

        #expect(again.clusterConfigs(to: .a).first?.folders.first?.indexProgress == [AuthorSequence(author: a, sequence: 7)])
    }

    @Test func aPeerNotSharingTheFolderIsNotOfferedIt() throws {
        var node = try NodeHarness()
        node.start()
        let commands = node.handle(.peerConnected(TestDevice.stranger.id))
        #expect(commands.clusterConfigs(to: .stranger) == [ClusterConfig(folders: [])])
    }

    @Test func aPeerGetsOnlyTheRecordsAfterWhatItSaw() throws {
        var node = try nodeWithFiles(3)
        let all = try node.store.records(in: docs, after: 0)

        let fresh = node.connect(.a, seen: 0).indexBatches(to: .a)
        let behind = node.connect(.b, seen: 2).indexBatches(to: .b)

        #expect(fresh.count == 1 && fresh.first?.records == all)
        #expect(fresh.first.map { ($0.after, $0.through) } ?? (9, 9) == (0, 3))
        #expect(behind.count == 1 && behind.first?.records == [all[2]])
        #expect(behind.first.map { ($0.after, $0.through) } ?? (9, 9) == (2, 3))
        for batch in fresh + behind {
            #expect(batch.author == me)
            #expect(throws: Never.self) { try SignedIndexBatches().verify(batch) }
        }
    }

    @Test func aReconnectingPeerGetsOnlyWhatChangedMeanwhile() throws {
        var node = try nodeWithFiles(3)
        node.connect(.a, seen: 0)
        node.handle(.peerDisconnected(a))
        try node.scanned(observedFile("f2.txt", Content(20), mtime: baseTime + 1))
        #expect(node.scanReported().sent.isEmpty, "a is away")

        let batches = node.connect(.a, seen: 3).indexBatches(to: .a)

        #expect(batches.flatMap(\.records).map(\.path.string) == ["f2.txt"])
        #expect(batches.flatMap(\.records).map(\.sequence) == [4])
    }

    @Test func aLocalChangeIsAnnouncedToConnectedPeersOnly() throws {
        var node = try nodeWithFiles(1)
        node.connect(.a, seen: 1)
        node.handle(.peerConnected(TestDevice.b.id))  // b has not said where it stands yet
        try node.scanned(observedFile("new.txt", Content(8)))

        let commands = node.scanReported()

        #expect(commands.indexBatches(to: .a).flatMap(\.records).map(\.path.string) == ["new.txt"])
        #expect(commands.indexBatches(to: .b).isEmpty)
    }

    @Test func aPeerClaimingMoreThanExistsGetsEverything() throws {
        var node = try nodeWithFiles(2)
        let batches = node.connect(.a, seen: 50).indexBatches(to: .a)
        #expect(batches.first?.after == 0)
        #expect(batches.flatMap(\.records).count == 2)
    }

    @Test func aLongIndexIsSentInContiguousBatches() throws {
        var limits = NodeLimits()
        limits.recordsPerBatch = 2
        var node = try nodeWithFiles(5, limits: limits)
        let batches = node.connect(.a, seen: 0).indexBatches(to: .a)
        #expect(batches.map(\.records.count) == [2, 2, 1])
        #expect(batches.map(\.after) == [0, 2, 4])
        #expect(batches.map(\.through) == [2, 4, 5])
        for batch in batches {
            #expect(batch.records.allSatisfy { $0.sequence > batch.after && $0.sequence <= batch.through })
        }
    }

    @Test func aForgedBatchDisconnectsOnlyItsSender() throws {
        var node = try NodeHarness()
        node.start()
        node.connect(.a)
        node.connect(.b)
        let file = record("f.bin", content: Content(1), version: version((a, 1)), by: a)
        var forged = TestDevice.a.batch([file])
        forged.records[0].blocks = Content(6).refs  // changed after signing

        let refused = node.receive(.indexBatch(forged), from: .a)

        #expect(refused.disconnected == [a])
        #expect(refused.requests.isEmpty)
        let genuine = node.index(from: .b, file)
        #expect(genuine.disconnected.isEmpty)
        #expect(genuine.requests(to: .b).map(\.hash) == Content(1).refs.map(\.hash))
    }

    @Test func aBatchOfAnotherAuthorIsNotRelayed() throws {
        var node = try NodeHarness()
        node.start()
        node.connect(.a)
        let bsFile = record("f.bin", content: Content(1), version: version((TestDevice.b.id, 1)), by: TestDevice.b.id)

        let refused = node.receive(.indexBatch(TestDevice.b.batch([bsFile])), from: .a)

        #expect(refused.disconnected == [a])
        #expect(refused.requests.isEmpty)
    }

    @Test func aBatchForAFolderNotSharedWithItsSenderIsRefused() throws {
        var node = try NodeHarness()
        node.start()
        node.connect(.stranger)
        let stranger = TestDevice.stranger.id
        let file = record("f.bin", content: Content(1), version: version((stranger, 1)), by: stranger)

        let refused = node.index(from: .stranger, file)

        #expect(refused.warnings.count == 1 && refused.warnings[0].contains("not shared"))
        #expect(refused.disconnected.isEmpty)
        #expect(refused.requests.isEmpty && refused.diskOperations.isEmpty)
    }
}
