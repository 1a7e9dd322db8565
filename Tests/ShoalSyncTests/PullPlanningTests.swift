import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol
import ShoalSync
import Testing

/// Which blocks a node asks for, from whom, and what it reads locally instead.
@Suite struct PullPlanningTests {
    let a = TestDevice.a.id

    /// Five blocks, more than one peer's window.
    let content = Content(1, 2, 3, 4, 5)

    /// A started node allowing two requests in flight per peer, a and b connected.
    func nodeWithTwoPeers() throws -> NodeHarness {
        var limits = NodeLimits()
        limits.requestsPerPeer = 2
        var node = try NodeHarness(limits: limits)
        node.start()
        node.connect(.a)
        node.connect(.b)
        return node
    }

    @Test func aNewFileIsRequestedFromThePeerHoldingItWithinTheWindow() throws {
        var node = try nodeWithTwoPeers()
        let file = record("big.bin", content: content, version: version((a, 1)), by: a)

        let commands = node.index(from: .a, file)

        let requests = commands.requests(to: .a)
        #expect(requests.map(\.hash) == content.refs.prefix(2).map(\.hash))
        #expect(requests.allSatisfy { $0.folder == docs && $0.size == 8 })
        #expect(Set(requests.map(\.id)).count == 2)
        #expect(commands.requests(to: .b).isEmpty, "b does not hold this version")
        #expect(commands.diskOperations.isEmpty)

        // One answer: its block is written at its offset, and only once the
        // write is done does the freed slot go to the next block.
        let answered = node.respond(requests[0], from: .a, with: content.blocks[0])
        #expect(answered.requests.isEmpty)
        let write = try #require(answered.writes.first)
        #expect(answered.writes.count == 1)
        #expect(write.target == file.path && write.offset == 0 && write.data == content.blocks[0])
        let next = node.finish(write.token, .done(stat: nil))
        #expect(next.requests(to: .a).map(\.hash) == [content.refs[2].hash])
    }

    @Test func requestsAreSpreadOverThePeersHoldingTheVersion() throws {
        var node = try nodeWithTwoPeers()
        let dir = record("d", .directory, version: version((a, 1)), by: a, sequence: 1)
        let file = record("d/big.bin", content: content, version: version((a, 1)), by: a, sequence: 2)
        // The file waits for its directory, so both indexes are in by the time it is pulled.
        let first = node.index(from: .a, dir, file)
        node.index(from: .b, dir, file)
        let mkdir = try #require(first.token(of: .makeDirectory(path: dir.path, permissions: 0o755, expected: .absent)))
        #expect(first.requests.isEmpty)

        let commands = node.finish(mkdir, .done(stat: LocalStat(size: 0, modifiedNanoseconds: baseTime, inode: 7)))

        let toA = commands.requests(to: .a).map(\.hash)
        let toB = commands.requests(to: .b).map(\.hash)
        #expect(toA.count == 2 && toB.count == 2)
        #expect(Set(toA + toB) == Set(content.refs.prefix(4).map(\.hash)))
    }

    @Test func aSecondHolderIsAskedAsSoonAsItsIndexArrives() throws {
        var node = try nodeWithTwoPeers()
        let file = record("big.bin", content: content, version: version((a, 1)), by: a)
        let toA = node.index(from: .a, file).requests(to: .a)

        let toB = node.index(from: .b, file).requests(to: .b)

        #expect(toA.map(\.hash) == content.refs[0..<2].map(\.hash))
        #expect(toB.map(\.hash) == content.refs[2..<4].map(\.hash))
    }

    @Test func aBlockHeldByALocalFileIsReadNotRequested() throws {
        var node = try NodeHarness()
        let local = Content(1, 2)
        try node.scanned(observedFile("a.txt", local))
        node.start()
        node.connect(.a)
        let edited = Content(2, 3)  // a copy of a.txt's second block, then new data
        let copy = record("b.txt", content: edited, version: version((a, 1)), by: a)

        let commands = node.index(from: .a, copy)

        #expect(commands.operations == [.readBlock(path: try RelativePath("a.txt"), offset: 8, size: 8)])
        #expect(commands.requests.map(\.request.hash) == [edited.refs[1].hash])
    }

    @Test func aRenameCostsNoTransfer() throws {
        var node = try NodeHarness()
        let content = Content(1, 2, 3)
        try node.scanned(observedFile("old name.txt", content))
        node.start()
        node.connect(.a)
        let renamed = record("new name.txt", content: content, version: version((a, 1)), by: a)

        let commands = try node.supplyBlocks(node.index(from: .a, renamed), of: content)

        #expect(commands.requests.isEmpty)
        #expect(commands.operations.filter { if case .readBlock = $0 { true } else { false } }.count == 3)
        #expect(commands.writes.map(\.offset) == [0, 8, 16])
        #expect(commands.commits.map(\.target) == [renamed.path])
    }

    @Test func aLocalCopyThatChangedIsRequestedInsteadAndRescanned() throws {
        var node = try NodeHarness()
        try node.scanned(observedFile("a.txt", Content(1)))
        node.start()
        node.connect(.a)
        let file = record("b.txt", content: Content(1), version: version((a, 1)), by: a)
        let read = try #require(node.index(from: .a, file).diskOperations.first?.token)

        let commands = node.finish(read, .data([UInt8](repeating: 9, count: 8)))

        #expect(commands.writes.isEmpty)
        #expect(commands.asksForScan)
        #expect(commands.requests(to: .a).map(\.hash) == [Content(1).refs[0].hash])
    }

    @Test func aBlockThatDoesNotMatchItsHashIsRefusedAndAskedElsewhere() throws {
        var node = try NodeHarness()
        node.start()
        node.connect(.a)
        node.connect(.b)
        let file = record("f.bin", content: Content(7), version: version((a, 1)), by: a)
        node.index(from: .a, file)
        let asked = node.index(from: .b, file).requests + node.history.requests
        let (first, request) = try #require(asked.first)
        let (firstPeer, otherPeer) = first == TestDevice.a.id ? (TestDevice.a, TestDevice.b) : (TestDevice.b, TestDevice.a)

        let commands = node.respond(request, from: firstPeer, with: [UInt8](repeating: 6, count: 8))

        #expect(commands.writes.isEmpty)
        #expect(commands.warnings.contains { $0.contains("does not match") })
        #expect(commands.requests(to: otherPeer).map(\.hash) == [request.hash])
        #expect(commands.requests(to: firstPeer).isEmpty)
        // A block of the wrong length with the right prefix is refused too.
        let retry = try #require(commands.requests(to: otherPeer).first)
        let short = node.respond(retry, from: otherPeer, with: [UInt8](repeating: 7, count: 4))
        #expect(short.writes.isEmpty)
    }

    /// A file that found every window full asks as soon as a request ends,
    /// not when the retry timer fires.
    @Test func aFileWaitingForAFreeWindowAsksWhenARequestEnds() throws {
        var node = try nodeWithTwoPeers()
        let first = record("a.bin", content: Content(1, 2), version: version((a, 1)), by: a, sequence: 1)
        let second = record("b.bin", content: Content(3, 4), version: version((a, 1)), by: a, sequence: 2)

        let commands = node.index(from: .a, first, second)
        let requests = commands.requests(to: .a)
        #expect(requests.count == 2, "the window of two is full")
        #expect(!commands.contains { if case .startTimer = $0 { true } else { false } })

        let data = requests[0].hash == Content(1).refs[0].hash ? Content(1).blocks[0] : Content(3).blocks[0]
        let write = try #require(node.respond(requests[0], from: .a, with: data).writes.first)

        let next = node.finish(write.token, .done(stat: nil))

        #expect(next.requests(to: .a).count == 1, "the place freed by the write is used at once")
        #expect(!next.contains { if case .startTimer = $0 { true } else { false } })
    }
}
