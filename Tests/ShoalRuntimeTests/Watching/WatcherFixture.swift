import Foundation
import Glibc
import Logging
import ShoalTestSupport
import Testing

@testable import ShoalRuntime

/// A folder in a temporary directory (`root/`, with room beside it for
/// things outside the folder), a started `FolderWatcher` on it, its changes
/// and its log lines.
final class WatcherFixture: Sendable {
    let directory: TemporaryDirectory
    let logs = CapturedLogs()
    let watcher: FolderWatcher
    let inbox: ChangeInbox

    /// Creates the folder, lets `prepare` fill it, then starts watching.
    init(
        debounce: Duration = .milliseconds(50), maxDelay: Duration = .milliseconds(500), maxWatches: Int? = nil,
        pathLimit: Int = 1000, prepare: (TemporaryDirectory) throws -> Void = { _ in }
    ) throws {
        directory = try TemporaryDirectory(prefix: "shoal-watch")
        try directory.makeDirectory("root")
        try prepare(directory)
        watcher = FolderWatcher(
            root: directory.url("root"), debounce: debounce, maxDelay: maxDelay, logger: logs.logger,
            maxWatches: maxWatches, pathLimit: pathLimit)
        inbox = ChangeInbox(watcher.changes)
        try watcher.start()
    }

    deinit {
        watcher.stop()
    }

    /// The folder root's absolute path, as the watcher was given it.
    var rootPath: String { directory.url("root") }

    /// The absolute path of `relative` inside the folder.
    func url(_ relative: String) -> String { directory.url("root/" + relative) }

    /// Writes `text` to `relative` inside the folder, creating parents.
    func write(_ relative: String, _ text: String = "x") throws {
        try directory.write("root/" + relative, text)
    }

    /// Creates the directory `relative` inside the folder, and its parents.
    func makeDirectory(_ relative: String) throws {
        try directory.makeDirectory("root/" + relative)
    }

    /// Renames `from` to `to`, both relative to the temporary directory
    /// (so `root/` is inside the folder).
    func rename(_ from: String, _ to: String) {
        #expect(Glibc.rename(directory.url(from), directory.url(to)) == 0)
    }
}
