/// How well a `FolderWatcher` sees its folder.
public enum WatcherState: Sendable, Equatable, CustomStringConvertible {
    /// Created; `start()` has not been called.
    case notStarted
    /// Every directory of the folder is watched: changes are reported.
    case watching
    /// Some or all directories are not watched (an inotify limit was reached,
    /// or the folder root went away): changes there go unreported, so the
    /// folder must be rescanned periodically, and more often than when
    /// watching. The text says what happened, for logs and status output.
    case degraded(reason: String)
    /// `stop()` was called; nothing more is reported.
    case stopped

    public var description: String {
        switch self {
        case .notStarted: "not started"
        case .watching: "watching"
        case .degraded(let reason): "degraded: \(reason)"
        case .stopped: "stopped"
        }
    }
}
