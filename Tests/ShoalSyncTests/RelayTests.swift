import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol
import ShoalSync
import Testing

/// Relays (the archive node): keeping and passing on signed batches, and
/// devices taking forwarded batches only as their authors signed them.
@Suite struct RelayTests {
    let a = TestDevice.a.id
    let b = TestDevice.b.id
    let content = Content(1, 2)

    func file(_ name: String, by author: TestDevice, counter: UInt64 = 1, sequence: UInt64 = 1, content: Content? = nil)
        -> FileRecord
    {
        record(name, content: content ?? self.content, version: version((author.id, counter)), by: author.id, sequence: sequence)
    }

    @Test func aRelayPassesOnABatchAtOnceAndLaterToADeviceThatConnects() throws {
        var relay = try NodeHarness(isRelay: true)
        relay.start()
        relay.connect(.a)
        relay.handle(.peerConnected(b))
        let batch = TestDevice.a.batch([file("x.txt", by: .a)])

        let live = relay.receive(.indexBatch(batch), from: .a)
        relay.handle(.peerDisconnected(b))
        let later = relay.handle(.peerConnected(b)) + relay.receive(.clusterConfig(ClusterConfig(folders: [
            SharedFolder(folder: docs, indexProgress: [AuthorSequence(author: a, sequence: 0)])
        ])), from: .b)

        #expect(live.indexBatches(to: .b) == [batch], "passed on unchanged, signature included")
        #expect(later.indexBatches(to: .b) == [batch])
        #expect(later.indexBatches(to: .a).isEmpty && live.indexBatches(to: .a).isEmpty, "never back to its author")
    }

    @Test func aRelayPassesOnOnlyWhatADeviceHasNotSeen() throws {
        var relay = try NodeHarness(isRelay: true)
        relay.start()
        relay.connect(.a)
        let first = TestDevice.a.batch([file("x.txt", by: .a, sequence: 1)], after: 0)
        let second = TestDevice.a.batch([file("y.txt", by: .a, sequence: 2)], after: 1)
        relay.receive(.indexBatch(first), from: .a)
        relay.receive(.indexBatch(second), from: .a)

        relay.handle(.peerConnected(b))
        let commands = relay.receive(.clusterConfig(ClusterConfig(folders: [
            SharedFolder(folder: docs, indexProgress: [AuthorSequence(author: a, sequence: 1)])
        ])), from: .b)

        #expect(commands.indexBatches(to: .b) == [second])
    }

    @Test func aRelayAnnouncesNoIndexOfItsOwn() throws {
        var relay = try NodeHarness(isRelay: true)
        try relay.scanned(observedFile("mine.txt", content))
        relay.start()
        let commands = relay.connect(.a)
        #expect(commands.indexBatches(to: .a).isEmpty)
    }

    @Test func aForwardedBatchIsTakenAndItsBlocksAskedOfTheRelay() throws {
        var node = try NodeHarness()
        node.start()
        node.handle(.relayConnected(b))  // b plays the archive; a is offline
        let commands = node.receive(.indexBatch(TestDevice.a.batch([file("x.txt", by: .a)])), from: .b)

        #expect(node.node.status(of: docs)?.needFiles == 1)
        #expect(commands.requests(to: .b).map(\.hash) == content.refs.map(\.hash))
        #expect(commands.disconnected.isEmpty)
    }

    @Test func aBatchOfAnotherAuthorFromAPeerThatIsNoRelayClosesTheConnection() throws {
        var node = try NodeHarness()
        node.start()
        node.connect(.b)
        let commands = node.receive(.indexBatch(TestDevice.a.batch([file("x.txt", by: .a)])), from: .b)
        #expect(commands.disconnected == [b])
        #expect(node.node.status(of: docs)?.needFiles == 0)
    }

    @Test func aForwardedBatchOfADeviceTheFolderIsNotSharedWithIsIgnored() throws {
        var node = try NodeHarness(sharedWith: [.b])
        node.start()
        node.handle(.relayConnected(b))
        node.receive(.indexBatch(TestDevice.a.batch([file("x.txt", by: .a)])), from: .b)
        #expect(node.node.status(of: docs)?.needFiles == 0)
    }

    @Test func aForwardedOlderBatchNeverReplacesANewerRecord() throws {
        var node = try NodeHarness()
        node.start()
        node.connect(.a)
        node.handle(.relayConnected(b))
        let newer = file("x.txt", by: .a, counter: 2, sequence: 2, content: Content(9))
        node.index(from: .a, newer)
        let old = TestDevice.a.batch([file("x.txt", by: .a, counter: 1, sequence: 1)])

        let commands = node.receive(.indexBatch(old), from: .b)

        #expect(commands.requests.allSatisfy { $0.request.hash == Content(9).refs[0].hash })
        #expect(!commands.requests.contains { $0.request.hash == content.refs[0].hash })
    }

    @Test func aForgedForwardedBatchClosesTheConnection() throws {
        var node = try NodeHarness()
        node.start()
        node.handle(.relayConnected(b))
        var forged = TestDevice.a.batch([file("x.txt", by: .a)])
        forged.records[0].size += 1  // changed after a signed it

        let commands = node.receive(.indexBatch(forged), from: .b)

        #expect(commands.disconnected == [b])
        #expect(node.node.status(of: docs)?.needFiles == 0)
    }
}
