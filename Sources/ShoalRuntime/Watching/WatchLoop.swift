import Glibc
import Logging
import ShoalIndex

/// The watch thread's work for one folder: waits in `poll` on the inotify
/// descriptor and the wake signal, turns inotify records into changed paths,
/// adds watches for directories that appear, and hands out batches of paths
/// through the stream when they are due.
///
/// Not thread-safe: `start()` uses it to set up the first watches, then gives
/// it to the watch thread (`WatchThread.start` takes it `sending`), which is
/// its only user from then on. It reaches the caller's side only through the
/// stream's continuation and `WatcherStatus`, which are thread-safe.
final class WatchLoop {
    typealias Instant = ContinuousClock.Instant

    /// The events every directory watch asks for. `IN_DONT_FOLLOW` is not
    /// among them because watches are added through `/proc/self/fd/N` of a
    /// directory opened with `O_NOFOLLOW`, which is stricter: no component
    /// of the path is followed, not just the last one. (`IN_DONT_FOLLOW`
    /// would stop at the `/proc` link itself.)
    static let mask = UInt32(
        bitPattern: IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_ATTRIB
            | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_EXCL_UNLINK)

    /// How many reads of the inotify descriptor are handled before a due
    /// batch is delivered and `poll` runs again.
    static let readsPerWake = 16

    /// The folder root as given; new directories are opened below it one
    /// component at a time.
    let rootPath: String
    /// Which directory the root was when watching started. The root is
    /// opened again whenever needed rather than held open: an open
    /// descriptor would keep the kernel from reporting its deletion
    /// (`IN_DELETE_SELF` comes only once the last reference is gone).
    let rootIdentity: FileIdentity
    let inotify: FileDescriptor
    let wake: FileDescriptor
    let status: WatcherStatus
    let continuation: AsyncStream<FolderChange>.Continuation
    let logger: Logger
    /// The test seam for the watch limit: after this many watches, adding
    /// one fails as if the kernel said `ENOSPC`.
    let maxWatches: Int?

    var table = WatchTable()
    var batcher: ChangeBatcher
    /// Whether the root was deleted, moved or unmounted; nothing is watched then.
    var rootIsGone = false
    /// The warnings logged so far, so each is logged once.
    private var warned: Set<String> = []
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)

    init(
        rootPath: String, rootIdentity: FileIdentity, inotify: FileDescriptor, wake: FileDescriptor,
        status: WatcherStatus, continuation: AsyncStream<FolderChange>.Continuation, batcher: ChangeBatcher, logger: Logger,
        maxWatches: Int?
    ) {
        self.rootPath = rootPath
        self.rootIdentity = rootIdentity
        self.inotify = inotify
        self.wake = wake
        self.status = status
        self.continuation = continuation
        self.batcher = batcher
        self.logger = logger
        self.maxWatches = maxWatches
    }

    // MARK: - The thread

    /// Runs until the wake signal fires, or until `poll` or `read` fail in a
    /// way that cannot be retried (then the folder is marked degraded).
    func run() {
        var descriptors = [
            pollfd(fd: inotify.rawValue, events: Int16(POLLIN), revents: 0),
            pollfd(fd: wake.rawValue, events: Int16(POLLIN), revents: 0),
        ]
        while true {
            let ready = poll(&descriptors, 2, batcher.pollTimeout(at: .now))
            if ready < 0 {
                if errno == EINTR { continue }
                return giveUp(SystemError("poll", path: rootPath))
            }
            if descriptors[1].revents != 0 { return }
            let inotifyReady = descriptors[0].revents
            if inotifyReady & Int16(POLLIN) != 0 {
                if let error = readEvents() { return giveUp(error) }
            } else if inotifyReady != 0 {
                return giveUp(SystemError("poll", path: rootPath, code: EIO))
            }
            deliverIfDue()
        }
    }

    /// Reads and handles what the inotify descriptor holds, up to
    /// `readsPerWake` reads; returns the error of a read that failed for good.
    private func readEvents() -> SystemError? {
        for _ in 0..<Self.readsPerWake {
            let count = buffer.withUnsafeMutableBytes { read(inotify.rawValue, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN || errno == EWOULDBLOCK { return nil }
                return SystemError("read inotify", path: rootPath)
            }
            if count == 0 { return nil }
            let events = buffer.withUnsafeBytes { InotifyEvent.parse(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            let now = ContinuousClock.now
            for event in events { handle(event, at: now) }
        }
        return nil
    }

    /// Hands out the batch if it is due. When the consumer's buffer is full,
    /// the batch is kept (and grows) and offered again after `maxDelay`.
    private func deliverIfDue() {
        let now = ContinuousClock.now
        guard let change = batcher.take(dueAt: now) else { return }
        switch continuation.yield(change) {
        case .dropped:
            batcher.putBack(change, at: now, retryAt: now + batcher.maxDelay)
        case .enqueued, .terminated:
            break
        @unknown default:
            break
        }
    }

    /// Ends the thread after an error it cannot recover from: says so, marks
    /// the folder degraded and asks for a full rescan.
    private func giveUp(_ error: SystemError) {
        degrade(
            reason: "watching stopped after an error (\(error)); falling back to periodic full rescans",
            warning: "Stopped watching \(rootPath) for changes: \(error). Shoal falls back to periodic full "
                + "rescans of this folder.",
            key: "gave up")
        continuation.yield(FolderChange(paths: [], isFullRescan: true))
    }

    // MARK: - Events

    /// Turns one inotify record into changed paths and watch updates.
    func handle(_ event: InotifyEvent, at now: Instant) {
        if event.has(IN_Q_OVERFLOW) {
            logger.notice("inotify dropped events (its queue overflowed); the whole folder will be rescanned")
            batcher.requestFullRescan(at: now)
            rebuildWatches()
            return
        }
        if event.has(IN_IGNORED) {
            table.remove(event.watch)
            return
        }
        guard let directory = table.path(of: event.watch) else { return }
        guard let name = event.name else {
            handleSelfEvent(event, on: directory, at: now)
            return
        }
        // A name that is not UTF-8 cannot be synced; the scanner reports it.
        guard let text = String(validating: name, as: UTF8.self) else { return }
        let path = directory.isEmpty ? text : directory + "/" + text
        if ShoalInternalNames.isInternal(relativePath: path) { return }
        batcher.add(path, at: now)
        guard event.has(IN_ISDIR) else { return }
        if event.has(IN_MOVED_FROM) {
            // Its watches would keep reporting under the old path, or from outside the folder.
            for watch in table.removeTree(at: path) { inotify_rm_watch(inotify.rawValue, watch) }
        }
        if event.has(IN_CREATE | IN_MOVED_TO) {
            watchNewDirectory(at: path, reportingAt: now)
        }
    }

    /// An event about a watched directory itself rather than a name in it.
    private func handleSelfEvent(_ event: InotifyEvent, on directory: String, at now: Instant) {
        guard directory.isEmpty else {
            // Its parent reports the same change under its name; this covers a
            // directory whose parent event was lost.
            batcher.add(directory, at: now)
            return
        }
        if event.has(IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT) || !rootIsInPlace() {
            rootWentAway(at: now)
        }
    }

    /// Whether `rootPath` still names the directory being watched.
    private func rootIsInPlace() -> Bool {
        var info = stat()
        return stat(rootPath, &info) == 0 && FileIdentity(info) == rootIdentity
    }

    /// The folder root, opened again, or `nil` when it is gone or `rootPath`
    /// now names another directory.
    func openRoot() -> FileDescriptor? {
        guard !rootIsGone,
            let root = try? FileDescriptor.open(
                rootPath, relativeTo: nil, flags: O_RDONLY | O_DIRECTORY, displayPath: rootPath),
            let info = try? root.status(displayPath: rootPath), FileIdentity(info) == rootIdentity
        else { return nil }
        return root
    }

    /// The folder root was deleted, moved or unmounted: drops every watch,
    /// asks for a full rescan and marks the folder degraded. The daemon finds
    /// out what happened when it rescans.
    private func rootWentAway(at now: Instant) {
        guard !rootIsGone else { return }
        rootIsGone = true
        for watch in table.watches { inotify_rm_watch(inotify.rawValue, watch) }
        table = WatchTable()
        batcher.requestFullRescan(at: now)
        degrade(
            reason: "the folder root was deleted, moved or unmounted; nothing is watched",
            warning: "The folder root \(rootPath) was deleted, moved or unmounted; its changes are no longer "
                + "watched. Shoal falls back to periodic full rescans of this folder.",
            key: "root gone")
    }

    // MARK: - Degrading

    /// Marks the folder degraded for `reason`, and logs `warning` unless a
    /// warning with the same `key` was logged before.
    func degrade(reason: String, warning: String, key: String) {
        status.degrade(reason)
        if warned.insert(key).inserted {
            logger.warning("\(warning)")
        }
    }
}

/// Which file a path names: device and inode.
struct FileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
