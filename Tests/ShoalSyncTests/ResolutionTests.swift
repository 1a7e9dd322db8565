import ShoalModel
import Testing

@testable import ShoalSync

@Suite struct ResolutionWinnerTests {
    let a = device(1)
    let b = device(2)
    let c = device(3)

    @Test func noRecordsHaveNoWinner() {
        #expect(Resolution.winner(of: []) == nil)
    }

    @Test func aDescendantWinsWhateverItsTimeOrAuthor() {
        let base = record("f", content: Content(1), version: version((b, 1)), by: b, mtime: baseTime + 100)
        let edit = record("f", content: Content(2), version: version((b, 1), (a, 1)), by: a, mtime: baseTime)
        #expect(Resolution.winner(of: [base, edit]) == edit)
        #expect(Resolution.winner(of: [edit, base]) == edit)
    }

    @Test func modifyBeatsAConcurrentDeleteEvenALaterOne() {
        let edit = record("f", content: Content(2), version: version((a, 2)), by: a, mtime: baseTime)
        let deletion = record("f", version: version((a, 1), (b, 1)), by: b, mtime: baseTime + 1_000, deleted: true)
        #expect(Resolution.winner(of: [edit, deletion]) == edit)
        #expect(Resolution.winner(of: [deletion, edit]) == edit)
    }

    @Test func theLaterModificationWinsAmongConcurrentEdits() {
        let older = record("f", content: Content(1), version: version((c, 1)), by: c, mtime: baseTime)
        let newer = record("f", content: Content(2), version: version((a, 1)), by: a, mtime: baseTime + 1)
        #expect(Resolution.winner(of: [older, newer]) == newer)
        #expect(Resolution.winner(of: [newer, older]) == newer)
    }

    @Test func theGreaterDeviceBreaksATimeTie() {
        let onA = record("f", content: Content(1), version: version((a, 1)), by: a)
        let onC = record("f", content: Content(2), version: version((c, 1)), by: c)
        #expect(Resolution.winner(of: [onA, onC]) == onC)
        #expect(Resolution.winner(of: [onC, onA]) == onC)
    }

    @Test func theGreaterVersionBreaksATieOfTimeAndDevice() {
        // The same device made two concurrent versions (say, after losing its index).
        let first = record("f", content: Content(1), version: version((a, 1), (b, 1)), by: a)
        let second = record("f", content: Content(2), version: version((a, 2)), by: a)
        #expect(Resolution.winner(of: [first, second]) == second)
        #expect(Resolution.winner(of: [second, first]) == second)
    }

    /// Four versions: a base, two concurrent edits of it and a concurrent deletion.
    static let contenders: [FileRecord] = [
        record("f", content: Content(1), version: version((device(1), 1)), by: device(1), mtime: baseTime + 50),
        record("f", content: Content(2), version: version((device(1), 1), (device(2), 1)), by: device(2), mtime: baseTime + 5),
        record("f", content: Content(3), version: version((device(1), 1), (device(3), 1)), by: device(3), mtime: baseTime + 5),
        record("f", version: version((device(1), 2)), by: device(1), mtime: baseTime + 9, deleted: true),
    ]

    @Test(arguments: permutations(of: Array(0..<4)))
    func everyInputOrderPicksTheSameWinner(_ order: [Int]) {
        let records = order.map { Self.contenders[$0] }
        // The base is dominated, the deletion loses to the edits, the edits
        // tie on time: device 3 wins.
        #expect(Resolution.winner(of: records) == Self.contenders[2])
    }
}

@Suite struct ResolutionNewestTests {
    let a = device(1)
    let b = device(2)

    @Test func dropsDominatedVersionsAndKeepsConcurrentOnes() {
        let base = record("f", content: Content(1), version: version((a, 1)), by: a)
        let onA = record("f", content: Content(2), version: version((a, 2)), by: a)
        let onB = record("f", content: Content(3), version: version((a, 1), (b, 1)), by: b)
        #expect(Resolution.newest(of: [base, onA, onB]) == [onA, onB])
        #expect(Resolution.newest(of: [onB, base, onA]) == [onB, onA])
    }

    @Test func keepsOneRecordPerVersion() {
        let mine = record("f", content: Content(1), version: version((a, 1)), by: a, sequence: 4)
        let theirs = record("f", content: Content(1), version: version((a, 1)), by: a, sequence: 9)
        #expect(Resolution.newest(of: [mine, theirs]) == [mine])
    }

    @Test func aSingleChainLeavesItsHead() {
        let chain = (1...5).map { record("f", content: Content(UInt8($0)), version: version((a, UInt64($0))), by: a) }
        #expect(Resolution.newest(of: chain.reversed()) == [chain[4]])
    }
}

@Suite struct ResolutionDecisionTests {
    let me = device(1)
    let peer = device(2)

    @Test func aNewFileIsApplied() {
        let remote = record("f", content: Content(1), version: version((peer, 1)), by: peer)
        #expect(Resolution.decision(local: nil, winner: remote) == .apply(conflict: false))
    }

    /// The tombstone is recorded so this device passes the deletion on: a
    /// peer still holding an older copy must not get it back through here.
    @Test func aDeletionOfSomethingNeverSeenIsRecorded() {
        let deletion = record("f", version: version((peer, 2)), by: peer, deleted: true)
        #expect(Resolution.decision(local: nil, winner: deletion) == .apply(conflict: false))
    }

    @Test func theSameOrAnOlderVersionNeedsNothing() {
        let local = record("f", content: Content(1), version: version((me, 2)), by: me)
        #expect(Resolution.decision(local: local, winner: local) == .nothing)
        let older = record("f", content: Content(9), version: version((me, 1)), by: me)
        #expect(Resolution.decision(local: local, winner: older) == .nothing)
    }

    @Test func aNewerVersionIsAppliedWithoutAConflict() {
        let local = record("f", content: Content(1), version: version((me, 1)), by: me)
        let remote = record("f", content: Content(2), version: version((me, 1), (peer, 1)), by: peer)
        #expect(Resolution.decision(local: local, winner: remote) == .apply(conflict: false))
        let deletion = record("f", version: version((me, 1), (peer, 1)), by: peer, deleted: true)
        #expect(Resolution.decision(local: local, winner: deletion) == .apply(conflict: false))
    }

    @Test func aConcurrentEditKeepsTheLocalFileAsAConflictCopy() {
        let local = record("f", content: Content(1), version: version((me, 1)), by: me)
        let remote = record("f", content: Content(2), version: version((peer, 1)), by: peer)
        #expect(Resolution.decision(local: local, winner: remote) == .apply(conflict: true))
    }

    @Test func identicalContentIsNeverAConflict() {
        // Different times and authors, same bytes and mode: a merge.
        let local = record("f", content: Content(1, 2), version: version((me, 1)), by: me, mtime: baseTime)
        let remote = record("f", content: Content(1, 2), version: version((peer, 1)), by: peer, mtime: baseTime + 7)
        #expect(Resolution.decision(local: local, winner: remote) == .merge)
        let localDir = record("d", .directory, version: version((me, 1)), by: me)
        let remoteDir = record("d", .directory, version: version((peer, 1)), by: peer)
        #expect(Resolution.decision(local: localDir, winner: remoteDir) == .merge)
        let localGone = record("f", version: version((me, 2)), by: me, deleted: true)
        let remoteGone = record("f", version: version((me, 1), (peer, 1)), by: peer, deleted: true)
        #expect(Resolution.decision(local: localGone, winner: remoteGone) == .merge)
    }

    @Test func aModeChangeAloneIsNotIdenticalContent() {
        let local = record("f", content: Content(1), version: version((me, 1)), by: me, permissions: 0o600)
        let remote = record("f", content: Content(1), version: version((peer, 1)), by: peer, permissions: 0o644)
        #expect(Resolution.decision(local: local, winner: remote) == .apply(conflict: true))
    }

    @Test func aLostDeletionNeedsNoCopy() {
        let local = record("f", version: version((me, 2)), by: me, deleted: true)
        let remote = record("f", content: Content(2), version: version((me, 1), (peer, 1)), by: peer)
        #expect(Resolution.decision(local: local, winner: remote) == .apply(conflict: false))
    }

    @Test func aLosingDirectoryOrSymlinkNeedsNoCopy() {
        let dir = record("x", .directory, version: version((me, 1)), by: me)
        let file = record("x", content: Content(1), version: version((peer, 1)), by: peer)
        #expect(Resolution.decision(local: dir, winner: file) == .apply(conflict: false))
        var link = record("x", .symlink, version: version((me, 1)), by: me)
        link.symlinkTarget = "elsewhere"
        #expect(Resolution.decision(local: link, winner: file) == .apply(conflict: false))
    }
}

/// Every ordering of `items`, in a fixed order.
func permutations<T>(of items: [T]) -> [[T]] {
    guard items.count > 1 else { return [items] }
    return items.indices.flatMap { index in
        var rest = items
        let first = rest.remove(at: index)
        return permutations(of: rest).map { [first] + $0 }
    }
}
