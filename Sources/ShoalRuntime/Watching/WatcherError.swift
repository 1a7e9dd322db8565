/// Why a `FolderWatcher` cannot start.
public enum WatcherError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `start()` was called again, or after `stop()`; each instance runs once.
    case alreadyStarted(root: String)
    /// The folder root cannot be opened as a directory or watched at all:
    /// the path, the failed call and the system's reason.
    case rootUnavailable(root: String, operation: String, reason: String)
    /// The watcher could not set up its own machinery (wake socket, thread):
    /// the failed call and the system's reason.
    case setupFailed(root: String, operation: String, reason: String)

    public var description: String {
        switch self {
        case .alreadyStarted(let root):
            "the watcher of \(root) was already started or stopped; each instance runs once"
        case .rootUnavailable(let root, let operation, let reason):
            "cannot watch the folder \(root): \(operation) failed: \(reason)"
        case .setupFailed(let root, let operation, let reason):
            "cannot start watching the folder \(root): \(operation) failed: \(reason)"
        }
    }
}
