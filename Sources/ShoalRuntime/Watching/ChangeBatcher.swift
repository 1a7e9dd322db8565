/// Collects changed paths into one `FolderChange` and says when it is due:
/// once no path came for `debounce`, but never later than `maxDelay` after
/// the first path of the batch, so a file written without pause still gets
/// reported. Pure logic on explicit instants; the watch thread owns it.
struct ChangeBatcher {
    typealias Instant = ContinuousClock.Instant

    /// The quiet time that ends a batch.
    let debounce: Duration
    /// The longest a batch is held after its first path.
    let maxDelay: Duration
    /// The most paths a batch lists; past that it becomes a full rescan.
    let pathLimit: Int

    private var paths: Set<String> = []
    private var fullRescan = false
    private var first: Instant?
    private var last: Instant?
    /// Set after the consumer's buffer was full: the batch is not offered
    /// again before this.
    private var notBefore: Instant?

    init(debounce: Duration, maxDelay: Duration, pathLimit: Int = 1000) {
        self.debounce = max(debounce, .zero)
        self.maxDelay = max(maxDelay, .zero)
        self.pathLimit = max(pathLimit, 0)
    }

    /// Whether nothing is waiting to be reported.
    var isEmpty: Bool { first == nil }

    /// Adds a changed path seen at `now`.
    mutating func add(_ path: String, at now: Instant) {
        note(now)
        if paths.count < pathLimit {
            paths.insert(path)
        } else if !paths.contains(path) {
            fullRescan = true
        }
    }

    /// Marks the batch as a full rescan, seen at `now`.
    mutating func requestFullRescan(at now: Instant) {
        note(now)
        fullRescan = true
    }

    /// When the batch is due, or `nil` when there is none.
    var deadline: Instant? {
        guard let first, let last else { return nil }
        let due = min(last + debounce, first + maxDelay)
        guard let notBefore else { return due }
        return max(due, notBefore)
    }

    /// The batch, emptied out, when it is due at `now`; otherwise `nil`.
    mutating func take(dueAt now: Instant) -> FolderChange? {
        guard let deadline, now >= deadline else { return nil }
        let sorted = paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let change = FolderChange(paths: sorted, isFullRescan: fullRescan)
        self = ChangeBatcher(debounce: debounce, maxDelay: maxDelay, pathLimit: pathLimit)
        return change
    }

    /// Puts back a batch the consumer had no room for, to be offered again
    /// no sooner than `retryAt` (with whatever was added meanwhile).
    mutating func putBack(_ change: FolderChange, at now: Instant, retryAt: Instant) {
        note(now)
        for path in change.paths { add(path, at: now) }
        if change.isFullRescan { fullRescan = true }
        notBefore = retryAt
    }

    /// How long `poll` may wait at `now` before the batch is due: whole
    /// milliseconds rounded up (so it never spins on a sub-millisecond
    /// remainder), or -1 (wait until woken) when there is no batch.
    func pollTimeout(at now: Instant) -> Int32 {
        guard let deadline else { return -1 }
        guard deadline > now else { return 0 }
        let (seconds, attoseconds) = (deadline - now).components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }

    private mutating func note(_ now: Instant) {
        if first == nil { first = now }
        last = now
    }
}
