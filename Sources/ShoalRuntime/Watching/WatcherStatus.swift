import Synchronization

/// A `FolderWatcher`'s state, written by `start()`/`stop()` and by the watch
/// thread, read by anyone.
final class WatcherStatus: Sendable {
    private let state = Mutex(WatcherState.notStarted)

    /// The state now.
    var current: WatcherState { state.withLock { $0 } }

    /// Sets the state.
    func set(_ new: WatcherState) {
        state.withLock { $0 = new }
    }

    /// Marks the watcher degraded for `reason`, unless it was stopped.
    func degrade(_ reason: String) {
        state.withLock { state in
            if case .stopped = state { return }
            state = .degraded(reason: reason)
        }
    }
}
