import Foundation
import Glibc
import ShoalTestSupport
import Synchronization
import Testing

@testable import ShoalRuntime

/// `FolderWatcher` on real folders: what it reports, how fast, and what it
/// leaves out.
@Suite("Watching: FolderWatcher")
struct FolderWatcherTests {
    @Test("a written file is reported with its path, well within a second")
    func writtenFile() async throws {
        let fixture = try WatcherFixture()
        #expect(fixture.watcher.state == .watching)
        let written = ContinuousClock.now
        try fixture.write("hello.txt")
        let arrival = try #require(await fixture.inbox.arrival(containing: "hello.txt"))
        #expect(arrival.receivedAt - written < .seconds(1))
        #expect(arrival.change == FolderChange(paths: ["hello.txt"], isFullRescan: false))
    }

    @Test("latency from write to report: median of 10 under a second")
    func latency() async throws {
        let fixture = try WatcherFixture()
        var latencies: [Duration] = []
        for index in 0..<10 {
            let written = ContinuousClock.now
            try fixture.write("file-\(index).txt")
            let arrival = try #require(await fixture.inbox.arrival(containing: "file-\(index).txt"))
            latencies.append(arrival.receivedAt - written)
        }
        latencies.sort()
        let median = (latencies[4] + latencies[5]) / 2
        print(
            "FolderWatcher latency, write to report (debounce 50 ms): median \(median), "
                + "min \(latencies[0]), max \(latencies[9])")
        #expect(latencies.allSatisfy { $0 < .seconds(1) })
    }

    @Test("a new directory is watched with everything below it, and its files reported")
    func newDirectoryIsWatched() async throws {
        let fixture = try WatcherFixture()
        // Made at once: the watch on `new` comes after `deeper` and the file exist.
        try fixture.write("new/deeper/first.txt")
        let first = try #require(await fixture.inbox.change(containing: "new/deeper/first.txt"))
        #expect(first.paths.contains("new"))
        // Only a watch on new/deeper sees this one.
        try fixture.write("new/deeper/second.txt")
        let second = try #require(await fixture.inbox.change(containing: "new/deeper/second.txt"))
        #expect(second.paths == ["new/deeper/second.txt"])
    }

    @Test("a renamed file is reported under both names in one change")
    func renamedFile() async throws {
        let fixture = try WatcherFixture { try $0.write("root/old.txt", "x") }
        fixture.rename("root/old.txt", "root/new.txt")
        let change = try #require(await fixture.inbox.change(containing: "new.txt"))
        #expect(change.paths == ["new.txt", "old.txt"])
    }

    @Test("a renamed directory keeps being watched under its new name")
    func renamedDirectory() async throws {
        let fixture = try WatcherFixture { try $0.makeDirectory("root/before/inner") }
        fixture.rename("root/before", "root/after")
        let renamed = try #require(await fixture.inbox.change(containing: "after"))
        #expect(renamed.paths.contains("before"))
        #expect(renamed.paths.contains("after/inner"))
        try fixture.write("after/inner/file.txt")
        let written = try #require(await fixture.inbox.change(containing: "after/inner/file.txt"))
        #expect(written.paths == ["after/inner/file.txt"])
    }

    @Test("a directory moved in from outside is reported with its contents and watched")
    func directoryMovedIn() async throws {
        let fixture = try WatcherFixture { try $0.write("outside/moved/sub/file.txt", "x") }
        fixture.rename("outside/moved", "root/moved")
        let change = try #require(await fixture.inbox.change(containing: "moved/sub/file.txt"))
        #expect(change.paths == ["moved", "moved/sub", "moved/sub/file.txt"])
        try fixture.write("moved/sub/later.txt")
        _ = try #require(await fixture.inbox.change(containing: "moved/sub/later.txt"))
    }

    @Test("a directory moved out of the folder is reported and no longer watched")
    func directoryMovedOut() async throws {
        let fixture = try WatcherFixture {
            try $0.makeDirectory("root/leaving/inner")
            try $0.makeDirectory("outside")
        }
        fixture.rename("root/leaving", "outside/left")
        let moved = try #require(await fixture.inbox.change(containing: "leaving"))
        #expect(moved.paths == ["leaving"])
        try fixture.directory.write("outside/left/inner/file.txt", "x")
        try fixture.write("real.txt")
        #expect(await fixture.inbox.next().change == FolderChange(paths: ["real.txt"], isFullRescan: false))
    }

    @Test("Shoal's own names are not reported")
    func internalNames() async throws {
        let fixture = try WatcherFixture {
            try $0.makeDirectory("root/.shoal")
            try $0.makeDirectory("root/dir")
        }
        try fixture.write(".shoal/state")
        try fixture.write(".shoal/versions/a.txt")
        try fixture.write("dir/.shoal-tmp-abc")
        try fixture.write(".shoal-tmp-top")
        try fixture.write("real.txt")
        let outcome = await fixture.inbox.next()
        #expect(outcome.change == FolderChange(paths: ["real.txt"], isFullRescan: false))
    }

    @Test("a symlink to a directory outside is not followed")
    func symlinkNotFollowed() async throws {
        let fixture = try WatcherFixture {
            try $0.makeDirectory("outside")
            #expect(symlink($0.url("outside"), $0.url("root/link")) == 0)
        }
        try fixture.directory.write("outside/secret.txt", "x")
        try fixture.write("real.txt")
        let outcome = await fixture.inbox.next()
        #expect(outcome.change == FolderChange(paths: ["real.txt"], isFullRescan: false))
    }

    @Test("a file written without pause is reported within maxDelay")
    func continuousWrite() async throws {
        let fixture = try WatcherFixture(debounce: .milliseconds(200), maxDelay: .milliseconds(300))
        let writer = AppendingWriter(path: fixture.url("log.txt"), every: .milliseconds(10))
        let started = ContinuousClock.now
        writer.start()
        defer { writer.stop() }
        // Writes come every 10 ms, well inside the 200 ms debounce: only maxDelay ends the batch.
        let arrival = try #require(await fixture.inbox.arrival(containing: "log.txt", within: .seconds(3)))
        let elapsed = arrival.receivedAt - started
        #expect(writer.isWriting)
        #expect(elapsed < .seconds(1))
        print("FolderWatcher: continuously written file reported after \(elapsed) (maxDelay 300 ms)")
    }

    @Test("a consumer that falls behind loses no path: batches wait and merge")
    func slowConsumer() async throws {
        let directory = try TemporaryDirectory(prefix: "shoal-watch")
        let watcher = FolderWatcher(
            root: directory.path, debounce: .milliseconds(5), maxDelay: .milliseconds(5), logger: CapturedLogs().logger,
            maxWatches: nil)
        try watcher.start()
        defer { watcher.stop() }
        // Far more batches than the stream buffers (16), none consumed yet.
        let names = (0..<30).map { "f\($0)" }
        for name in names {
            try directory.write(name, "x")
            // Paces the writes into separate batches; waits for nothing.
            try await Task.sleep(for: .milliseconds(15))
        }
        let inbox = ChangeInbox(watcher.changes)
        var seen: Set<String> = []
        let deadline = ContinuousClock.now + .seconds(3)
        while !seen.isSuperset(of: names), case .arrived(let arrival) = await inbox.next(within: deadline - .now) {
            seen.formUnion(arrival.change.paths)
        }
        #expect(seen.isSuperset(of: names), "missing \(Set(names).subtracting(seen).sorted())")
    }

    @Test("too many changed paths make a full rescan")
    func pathLimit() async throws {
        let fixture = try WatcherFixture(debounce: .milliseconds(200), pathLimit: 3)
        for index in 0..<5 { try fixture.write("f\(index)") }
        let outcome = await fixture.inbox.next()
        let change = try #require(outcome.change, "expected a change, got \(outcome)")
        #expect(change.isFullRescan)
        #expect(change.paths.count == 3)
    }

    @Test("at the watch limit: degraded, one warning saying how to raise it, watched directories still reported")
    func watchLimit() async throws {
        // Root and d1 get the two watches; d2 and d3 hit the limit.
        let fixture = try WatcherFixture(maxWatches: 2) {
            for name in ["d1", "d2", "d3"] { try $0.makeDirectory("root/" + name) }
        }
        guard case .degraded(let reason) = fixture.watcher.state else {
            Issue.record("state is \(fixture.watcher.state), expected degraded")
            return
        }
        #expect(reason.contains("max_user_watches"))
        let warnings = fixture.logs.lines(containing: "warning:")
        #expect(warnings.count == 1)
        let warning = try #require(warnings.first)
        #expect(warning.contains("/proc/sys/fs/inotify/max_user_watches"))
        #expect(warning.contains("sysctl fs.inotify.max_user_watches=524288"))
        #expect(warning.contains("periodic full rescans"))
        #expect(warning.contains(fixture.rootPath))

        try fixture.write("d3/unwatched.txt")
        try fixture.write("d1/watched.txt")
        let change = try #require(await fixture.inbox.change(containing: "d1/watched.txt"))
        #expect(change.paths == ["d1/watched.txt"])
        try fixture.write("top.txt")
        _ = try #require(await fixture.inbox.change(containing: "top.txt"))
        #expect(fixture.logs.lines(containing: "warning:").count == 1)
    }

    @Test("stop() ends the stream, is idempotent, and the watcher cannot start again")
    func stop() async throws {
        let fixture = try WatcherFixture()
        fixture.watcher.stop()
        fixture.watcher.stop()
        #expect(fixture.watcher.state == .stopped)
        #expect(await fixture.inbox.next() == .finished)
        #expect(throws: WatcherError.alreadyStarted(root: fixture.rootPath)) { try fixture.watcher.start() }
    }

    @Test("stop() before start() ends the stream")
    func stopBeforeStart() async throws {
        let watcher = FolderWatcher(root: "/nonexistent", logger: CapturedLogs().logger)
        #expect(watcher.state == .notStarted)
        let inbox = ChangeInbox(watcher.changes)
        watcher.stop()
        #expect(await inbox.next() == .finished)
    }

    @Test("a missing root is an error naming the path and the reason")
    func missingRoot() throws {
        let directory = try TemporaryDirectory(prefix: "shoal-watch")
        let root = directory.url("missing")
        let watcher = FolderWatcher(root: root, logger: CapturedLogs().logger)
        let error = try #require(throws: WatcherError.self) { try watcher.start() }
        #expect(error == .rootUnavailable(root: root, operation: "open", reason: "No such file or directory"))
        #expect(error.description.contains(root))
        #expect(watcher.state == .notStarted)
    }

    @Test("the deleted folder root makes a full rescan and a degraded state")
    func rootDeleted() async throws {
        let fixture = try WatcherFixture { try $0.write("root/a/b.txt", "x") }
        try FileManager.default.removeItem(atPath: fixture.rootPath)
        let deadline = ContinuousClock.now + .seconds(3)
        var full: FolderChange?
        while full == nil, case .arrived(let arrival) = await fixture.inbox.next(within: deadline - .now) {
            if arrival.change.isFullRescan { full = arrival.change }
        }
        #expect(full != nil)
        guard case .degraded(let reason) = fixture.watcher.state else {
            Issue.record("state is \(fixture.watcher.state), expected degraded")
            return
        }
        #expect(reason.contains("root"))
    }
}

/// Appends a line to a file every `every` on its own thread, as a program
/// writing a log would, until stopped.
final class AppendingWriter: Sendable {
    let path: String
    let every: Duration
    private let running = Atomic(false)

    init(path: String, every: Duration) {
        self.path = path
        self.every = every
    }

    /// Whether it is still writing.
    var isWriting: Bool { running.load(ordering: .relaxed) }

    func start() {
        running.store(true, ordering: .relaxed)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        let pause = useconds_t(every.components.attoseconds / 1_000_000_000_000)
        Thread.detachNewThread { [self] in
            defer { close(descriptor) }
            while running.load(ordering: .relaxed) {
                _ = write(descriptor, "line\n", 5)
                usleep(pause)
            }
        }
    }

    func stop() {
        running.store(false, ordering: .relaxed)
    }
}
