internal import CAvahi

/// Owns an Avahi threaded poll (`avahi_threaded_poll_new`): the thread on
/// which libavahi-client does its D-Bus I/O and runs every callback.
///
/// Callbacks run with the poll's lock held; any other thread that touches
/// Avahi objects must hold it too (`withLock`). `stop()` must not be called
/// from the poll thread itself.
final class AvahiPollThread {
    let pointer: OpaquePointer
    private var running = false

    /// Creates the poll; the thread starts with `start()`.
    ///
    /// - Throws: `DiscoveryError.avahi` when Avahi cannot allocate it.
    init() throws(DiscoveryError) {
        guard let pointer = avahi_threaded_poll_new() else {
            throw .avahi(call: "avahi_threaded_poll_new", code: AVAHI_ERR_NO_MEMORY)
        }
        self.pointer = pointer
    }

    deinit {
        stop()
        avahi_threaded_poll_free(pointer)
    }

    /// The poll vtable that clients and timers are created on.
    var api: UnsafePointer<AvahiPoll> { avahi_threaded_poll_get(pointer) }

    /// Starts the poll thread (`avahi_threaded_poll_start`).
    ///
    /// - Throws: `DiscoveryError.avahi` when the thread cannot be created.
    func start() throws(DiscoveryError) {
        guard !running else { return }
        guard avahi_threaded_poll_start(pointer) >= 0 else {
            throw .avahi(call: "avahi_threaded_poll_start", code: AVAHI_ERR_FAILURE)
        }
        running = true
    }

    /// Stops the poll thread and waits for it (`avahi_threaded_poll_stop`).
    /// After it returns no callback runs any more.
    func stop() {
        guard running else { return }
        avahi_threaded_poll_stop(pointer)
        running = false
    }

    /// Runs `body` holding the poll's lock (`avahi_threaded_poll_lock`), as
    /// any thread other than the poll thread must to touch Avahi objects.
    func withLock<Result>(_ body: () throws -> Result) rethrows -> Result {
        avahi_threaded_poll_lock(pointer)
        defer { avahi_threaded_poll_unlock(pointer) }
        return try body()
    }
}
