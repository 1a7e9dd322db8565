import Glibc
public import Logging
import ShoalIndex
import Synchronization

/// Watches one synced folder for changes with Linux inotify and reports the
/// changed paths in batches.
///
/// Every directory of the folder gets a watch; directories that are created
/// or moved in get theirs as they appear (with everything already in them
/// reported). Symlinks are never followed, and Shoal's own names (the
/// `.shoal` state directory, `.shoal-tmp-*` files) are neither watched nor
/// reported.
///
/// Paths are collected until no event came for `debounce`, but for no
/// longer than `maxDelay` after the first one, so a file written without
/// pause is still reported. When events were lost (the kernel queue
/// overflowed, or the root went away), a change with `isFullRescan` says so.
///
/// When an inotify limit of the kernel is reached the watcher does not fail:
/// it logs one warning saying which limit and how to raise it, and `state`
/// becomes `.degraded`; the daemon should then rescan the folder more often.
///
/// The watcher runs its own thread, which sleeps in `poll` until an event
/// comes, a batch is due or `stop()` wakes it. `start()` and `stop()` may be
/// called from any thread.
public final class FolderWatcher: Sendable {
    private enum Phase {
        case idle
        /// Watching on `thread`, which `wake` ends.
        case running(thread: WatchThread, wake: WakeSignal)
        /// Started, but no inotify instance could be created: degraded, no thread.
        case runningWithoutInotify
        case stopped
    }

    /// The folder root as given.
    public let root: String
    /// Batches of changed paths. One consumer; ends after `stop()`.
    public let changes: AsyncStream<FolderChange>
    private let continuation: AsyncStream<FolderChange>.Continuation
    private let debounce: Duration
    private let maxDelay: Duration
    private let pathLimit: Int
    private let maxWatches: Int?
    private let logger: Logger
    private let status = WatcherStatus()
    private let phase = Mutex(Phase.idle)

    /// How well the folder is watched now.
    public var state: WatcherState { status.current }

    /// Creates a watcher for the folder at `root` (which may itself be a
    /// symlink; nothing below it is followed). Nothing happens until `start()`.
    ///
    /// - Parameters:
    ///   - debounce: the quiet time after which collected paths are reported.
    ///   - maxDelay: the longest paths are held after the first of a batch.
    ///   - logger: where warnings about limits and failures go.
    public convenience init(
        root: String, debounce: Duration = .milliseconds(50), maxDelay: Duration = .milliseconds(500), logger: Logger
    ) {
        self.init(root: root, debounce: debounce, maxDelay: maxDelay, logger: logger, maxWatches: nil)
    }

    /// Creates a watcher; `maxWatches` makes adding a watch fail as the
    /// kernel's watch limit would after that many (a test seam), and
    /// `pathLimit` caps the paths of one change.
    init(
        root: String, debounce: Duration, maxDelay: Duration, logger: Logger, maxWatches: Int?,
        pathLimit: Int = 1000
    ) {
        self.root = root
        self.debounce = debounce
        self.maxDelay = maxDelay
        self.pathLimit = pathLimit
        self.maxWatches = maxWatches
        var logger = logger
        logger[metadataKey: "folder"] = "\(root)"
        self.logger = logger
        // Bounded: when the consumer falls behind, the watch thread keeps the
        // next batch and merges into it rather than queueing without end.
        (changes, continuation) = AsyncStream.makeStream(of: FolderChange.self, bufferingPolicy: .bufferingOldest(16))
    }

    deinit {
        stop()
    }

    /// Watches the root and every directory below it, then starts the watch
    /// thread. Blocks while it walks the tree (one `openat`, one
    /// `inotify_add_watch` per directory and one `fstatat` per entry).
    ///
    /// Reaching an inotify limit is not an error: `state` becomes `.degraded`.
    ///
    /// - Throws: `WatcherError.rootUnavailable` when the root cannot be opened
    ///   as a directory or watched; `.setupFailed` when the wake socket or the
    ///   thread cannot be created; `.alreadyStarted` on a second call or
    ///   after `stop()`.
    public func start() throws(WatcherError) {
        try phase.withLock { phase throws(WatcherError) in
            guard case .idle = phase else { throw .alreadyStarted(root: root) }
            let rootDirectory: FileDescriptor
            let rootIdentity: FileIdentity
            do throws(SystemError) {
                rootDirectory = try FileDescriptor.open(
                    root, relativeTo: nil, flags: O_RDONLY | O_DIRECTORY, displayPath: root)
                rootIdentity = FileIdentity(try rootDirectory.status(displayPath: root))
            } catch {
                throw .rootUnavailable(root: root, operation: error.operation, reason: error.reason)
            }
            let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
            guard descriptor >= 0 else {
                startWithoutInotify(SystemError("inotify_init1", path: root))
                phase = .runningWithoutInotify
                return
            }
            let inotify = FileDescriptor(descriptor)
            let wake: WakeSignal
            do throws(SystemError) {
                wake = try WakeSignal()
            } catch {
                throw .setupFailed(root: root, operation: error.operation, reason: error.reason)
            }
            status.set(.watching)
            let loop = WatchLoop(
                rootPath: root, rootIdentity: rootIdentity, inotify: inotify, wake: wake.reader,
                status: status, continuation: continuation,
                batcher: ChangeBatcher(debounce: debounce, maxDelay: maxDelay, pathLimit: pathLimit),
                logger: logger, maxWatches: maxWatches)
            do throws(WatcherError) {
                try loop.watchRoot(rootDirectory)
            } catch {
                status.set(.notStarted)
                throw error
            }
            switch WatchThread.start(name: "shoal-watch", body: { loop.run() }) {
            case .success(let thread):
                phase = .running(thread: thread, wake: wake)
            case .failure(let error):
                status.set(.notStarted)
                let reason = SystemError("pthread_create", path: root, code: error.code).reason
                throw .setupFailed(root: root, operation: "pthread_create", reason: reason)
            }
        }
    }

    /// No inotify instance: says why once and stays degraded; the stream
    /// stays open (and quiet) until `stop()`.
    private func startWithoutInotify(_ error: SystemError) {
        if error.code == EMFILE {
            let limit = InotifyLimit.instances
            status.set(.degraded(reason: limit.reason))
            logger.warning("\(limit.warning(root: root))")
        } else {
            status.set(.degraded(reason: "no inotify instance (\(error)); falling back to periodic full rescans"))
            logger.warning(
                "Cannot watch \(root) for changes: \(error). Shoal falls back to periodic full rescans of this folder.")
        }
    }

    /// Stops the watch thread and waits for it, closes its descriptors and
    /// ends `changes`; batches not yet reported are dropped. Does nothing the
    /// second time.
    public func stop() {
        phase.withLock { phase in
            switch phase {
            case .idle, .runningWithoutInotify:
                break
            case .running(let thread, let wake):
                wake.signal()
                thread.join()
            case .stopped:
                return
            }
            phase = .stopped
            status.set(.stopped)
            continuation.finish()
        }
    }
}

extension FolderTree {
    /// A tree on a root directory that is already open.
    init(root: FileDescriptor) {
        self.root = root
    }
}
