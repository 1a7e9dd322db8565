import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol
import ShoalSync
import Testing

/// Pulls that cannot go on for a while: a peer leaves or is busy, the disk fails.
@Suite struct PullRecoveryTests {
    let a = TestDevice.a.id
    let content = Content(1, 2)

    /// A started node pulling a's new `f.bin`, both blocks asked of a.
    func pullingFromA() throws -> (NodeHarness, [BlockRequest]) {
        var node = try NodeHarness()
        node.start()
        node.connect(.a)
        let file = record("f.bin", content: content, version: version((a, 1)), by: a)
        let requests = node.index(from: .a, file).requests(to: .a)
        #expect(requests.count == 2)
        return (node, requests)
    }

    @Test func aPullWhosePeerLeftResumesWhenItReconnects() throws {
        var (node, _) = try pullingFromA()
        node.handle(.peerDisconnected(a))

        let commands = node.connect(.a)

        #expect(Set(commands.requests(to: .a).map(\.hash)) == Set(content.refs.map(\.hash)))
    }

    @Test func aBusyPeerIsAskedAgainAfterTheRetryDelay() throws {
        var (node, requests) = try pullingFromA()
        for request in requests {
            node.receive(.response(BlockResponse(id: request.id, result: .failure(.busy))), from: .a)
        }

        let timers = node.history.filter { if case .startTimer = $0 { true } else { false } }
        #expect(timers == [.startTimer(.retryPulls(docs), after: NodeLimits().retryDelay)])
        let retried = node.handle(.timerFired(.retryPulls(docs)))

        #expect(retried.requests(to: .a).map(\.hash) == requests.map(\.hash))
    }

    @Test func aFullDiskWaitsForTheRetryDelayInsteadOfPullingAgainAtOnce() throws {
        var (node, requests) = try pullingFromA()
        let write = try #require(node.respond(requests[0], from: .a, with: content.blocks[0]).writes.first)

        let failed = node.finish(write.token, .failed(.noSpace))

        #expect(failed.contains(.startTimer(.retryPulls(docs), after: NodeLimits().retryDelay)))
        #expect(failed.warnings.contains { $0.contains("f.bin") && $0.contains("no space") })
        #expect(failed.requests.isEmpty, "no new transfer before the delay")
        let retried = node.handle(.timerFired(.retryPulls(docs)))
        #expect(retried.requests(to: .a).count == 2)
    }

    /// Found by the simulator (seed 146): the write completion of an
    /// abandoned pull must not count for the retried pull of the same
    /// version, or the retry's own failed write goes unnoticed and the file
    /// is committed with a hole in it.
    @Test func aStaleWriteCompletionCannotAdvanceARetriedPull() throws {
        var (node, requests) = try pullingFromA()
        let staleWrite = try #require(node.respond(requests[0], from: .a, with: content.blocks[0]).writes.first)
        let failingWrite = try #require(node.respond(requests[1], from: .a, with: content.blocks[1]).writes.first)
        #expect(node.finish(failingWrite.token, .failed(.noSpace)).discarded == [try RelativePath("f.bin")])

        let retried = node.handle(.timerFired(.retryPulls(docs))).requests(to: .a)
        let retriedFirst = try #require(retried.first { $0.hash == requests[0].hash })
        let newWrite = try #require(node.respond(retriedFirst, from: .a, with: content.blocks[0]).writes.first)
        #expect(node.finish(staleWrite.token, .done(stat: nil)).isEmpty)

        // The retried pull's own write fails: it must be noticed, not hidden
        // behind the stale completion.
        let failed = node.finish(newWrite.token, .failed(.noSpace))
        #expect(failed.discarded == [try RelativePath("f.bin")])
        #expect(!node.history.operations.contains { if case .commitFile = $0 { true } else { false } })
    }

    /// A file waiting for a pull slot starts as soon as one is free, in the
    /// same event, not at the retry timer.
    @Test func aFileWaitingForAPullSlotStartsWhenOneFrees() throws {
        var limits = NodeLimits()
        limits.pullsPerFolder = 1
        var node = try NodeHarness(limits: limits)
        node.start()
        node.connect(.a)
        let first = record("first.bin", content: Content(1), version: version((a, 1)), by: a, sequence: 1)
        let second = record("second.bin", content: Content(2), version: version((a, 2)), by: a, sequence: 2)

        let requested = node.index(from: .a, first, second).requests(to: .a)
        #expect(requested.map(\.hash) == Content(1).refs.map(\.hash), "one slot: only the first file is pulled")
        let written = try node.supplyBlocks(node.respond(requested[0], from: .a, with: Content(1).blocks[0]), of: Content(1))
        let commit = try #require(written.commits.first)

        let next = node.finish(commit.token, .done(stat: LocalStat(size: 8, modifiedNanoseconds: baseTime, inode: 5)))

        #expect(next.requests(to: .a).map(\.hash) == Content(2).refs.map(\.hash))
        #expect(!next.contains { if case .startTimer = $0 { true } else { false } })
    }
}
