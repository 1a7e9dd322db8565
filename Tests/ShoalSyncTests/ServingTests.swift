import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol
import ShoalSync
import Testing

/// Answering peers' block requests from local files.
@Suite struct ServingTests {
    let content = Content(1, 2, 3)

    /// A started node holding `served.txt`, with a and the stranger connected.
    func servingNode(limits: NodeLimits = NodeLimits()) throws -> NodeHarness {
        var node = try NodeHarness(limits: limits)
        try node.scanned(observedFile("served.txt", content))
        node.start()
        node.connect(.a)
        node.handle(.peerConnected(TestDevice.stranger.id))
        return node
    }

    func request(_ id: UInt32, block: Int, in folder: FolderID = docs) -> Message {
        .request(BlockRequest(id: id, folder: folder, hash: content.refs[block].hash, size: 8))
    }

    @Test func aFolderNotSharedWithThePeerIsRefused() throws {
        var node = try servingNode()
        let refused = node.receive(request(5, block: 0), from: .stranger)
        #expect(refused.responses(to: .stranger) == [BlockResponse(id: 5, result: .failure(.folderNotShared))])
        #expect(refused.diskOperations.isEmpty)
        let unknown = node.receive(request(6, block: 0, in: try FolderID("elsewhere")), from: .a)
        #expect(unknown.responses(to: .a) == [BlockResponse(id: 6, result: .failure(.folderNotShared))])
    }

    @Test func aKnownBlockIsReadFromItsFileAndSent() throws {
        var node = try servingNode()
        let read = node.receive(request(9, block: 1), from: .a)
        let token = try #require(read.token(of: .readBlock(path: try RelativePath("served.txt"), offset: 8, size: 8)))
        #expect(read.sent.isEmpty)

        let answered = node.finish(token, .data(content.blocks[1]))

        #expect(answered.responses(to: .a) == [BlockResponse(id: 9, result: .success(content.blocks[1]))])
    }

    @Test func anUnknownBlockIsNotFound() throws {
        var node = try servingNode()
        let missing = BlockRequest(id: 3, folder: docs, hash: Content(99).refs[0].hash, size: 8)
        let answer = node.receive(.request(missing), from: .a)
        #expect(answer.responses(to: .a) == [BlockResponse(id: 3, result: .failure(.notFound))])
    }

    @Test func aBlockWhoseFileChangedIsNotFoundRatherThanSentWrong() throws {
        var node = try servingNode()
        let token = try #require(node.receive(request(4, block: 2), from: .a).diskOperations.first?.token)
        let answer = node.finish(token, .data([UInt8](repeating: 0, count: 8)))
        #expect(answer.responses(to: .a) == [BlockResponse(id: 4, result: .failure(.notFound))])
    }

    @Test func requestsBeyondTheServingLimitAreBusy() throws {
        var limits = NodeLimits()
        limits.servesPerPeer = 1
        var node = try servingNode(limits: limits)
        let first = node.receive(request(1, block: 0), from: .a)
        let second = node.receive(request(2, block: 1), from: .a)
        #expect(second.responses(to: .a) == [BlockResponse(id: 2, result: .failure(.busy))])
        node.finish(try #require(first.diskOperations.first?.token), .data(content.blocks[0]))
        let third = node.receive(request(3, block: 1), from: .a)
        #expect(third.diskOperations.count == 1, "served again once the first is done")
    }

    @Test func aReadThatNoLongerFindsTheBlockAsksForAScan() throws {
        var node = try servingNode()
        let read = node.receive(request(11, block: 2), from: .a)
        let token = try #require(read.token(of: .readBlock(path: try RelativePath("served.txt"), offset: 16, size: 8)))

        let answered = node.finish(token, .data([UInt8](repeating: 0xEE, count: 8)))

        #expect(answered.responses(to: .a) == [BlockResponse(id: 11, result: .failure(.notFound))])
        #expect(answered.asksForScan)
    }
}
