import Testing

@testable import ShoalRuntime

/// The debounce rules on explicit instants.
@Suite("Watching: ChangeBatcher")
struct ChangeBatcherTests {
    let start = ContinuousClock.now

    func batcher(limit: Int = 1000) -> ChangeBatcher {
        ChangeBatcher(debounce: .milliseconds(50), maxDelay: .milliseconds(500), pathLimit: limit)
    }

    @Test("due once quiet for the debounce time; paths sorted and deduplicated")
    func debounce() {
        var batcher = batcher()
        #expect(batcher.deadline == nil)
        batcher.add("b", at: start)
        batcher.add("a", at: start + .milliseconds(30))
        batcher.add("b", at: start + .milliseconds(40))
        #expect(batcher.deadline == start + .milliseconds(90))
        #expect(batcher.take(dueAt: start + .milliseconds(89)) == nil)
        #expect(batcher.take(dueAt: start + .milliseconds(90)) == FolderChange(paths: ["a", "b"], isFullRescan: false))
        #expect(batcher.isEmpty)
        #expect(batcher.deadline == nil)
    }

    @Test("never later than maxDelay after the first path, however busy")
    func maxDelay() {
        var batcher = batcher()
        for step in 0..<100 { batcher.add("busy", at: start + .milliseconds(10 * step)) }
        #expect(batcher.deadline == start + .milliseconds(500))
        #expect(batcher.take(dueAt: start + .milliseconds(500))?.paths == ["busy"])
    }

    @Test("past the path limit the batch becomes a full rescan")
    func limit() {
        var batcher = batcher(limit: 2)
        for path in ["c", "a", "b", "a"] { batcher.add(path, at: start) }
        let change = batcher.take(dueAt: start + .seconds(1))
        #expect(change == FolderChange(paths: ["a", "c"], isFullRescan: true))
    }

    @Test("a full rescan request is due like a path")
    func fullRescan() {
        var batcher = batcher()
        batcher.requestFullRescan(at: start)
        #expect(batcher.take(dueAt: start + .milliseconds(50)) == FolderChange(paths: [], isFullRescan: true))
    }

    @Test("a batch put back is offered again no sooner than asked, with what came meanwhile")
    func putBack() throws {
        var batcher = batcher()
        batcher.add("a", at: start)
        let taken = batcher.take(dueAt: start + .milliseconds(50))
        let change = try #require(taken)
        batcher.putBack(change, at: start + .milliseconds(50), retryAt: start + .milliseconds(550))
        batcher.add("b", at: start + .milliseconds(60))
        #expect(batcher.take(dueAt: start + .milliseconds(549)) == nil)
        #expect(batcher.take(dueAt: start + .milliseconds(550)) == FolderChange(paths: ["a", "b"], isFullRescan: false))
    }

    @Test("poll timeouts round up to whole milliseconds; -1 without a batch")
    func pollTimeout() {
        var batcher = batcher()
        #expect(batcher.pollTimeout(at: start) == -1)
        batcher.add("a", at: start)
        #expect(batcher.pollTimeout(at: start) == 50)
        #expect(batcher.pollTimeout(at: start + .microseconds(49_700)) == 1)
        #expect(batcher.pollTimeout(at: start + .milliseconds(60)) == 0)
    }
}
