internal import CAvahi
import Glibc

/// Owns one timeout on an Avahi poll (`AvahiPoll.timeout_new`), freed with
/// `timeout_free`. Its callback runs on the poll thread with the lock held.
///
/// Arm and disarm it on the poll thread or holding the poll lock.
final class AvahiPollTimer {
    private let pointer: OpaquePointer
    private let poll: AvahiPollThread

    /// Creates a disarmed timer that calls `callback` with `context`.
    ///
    /// - Throws: `DiscoveryError.avahi` when Avahi cannot allocate it.
    init(poll: AvahiPollThread, callback: AvahiTimeoutCallback, context: UnsafeMutableRawPointer)
        throws(DiscoveryError)
    {
        guard let pointer = poll.api.pointee.timeout_new(poll.api, nil, callback, context) else {
            throw .avahi(call: "timeout_new", code: AVAHI_ERR_NO_MEMORY)
        }
        self.pointer = pointer
        self.poll = poll
    }

    deinit {
        poll.api.pointee.timeout_free(pointer)
    }

    /// Fires the callback once, `delay` from now, replacing any earlier arming.
    func arm(after delay: Duration) {
        var now = timeval()
        gettimeofday(&now, nil)
        let (seconds, attoseconds) = delay.components
        let micros = Int(now.tv_usec) + Int(attoseconds / 1_000_000_000_000)
        var when = timeval(tv_sec: now.tv_sec + Int(seconds) + micros / 1_000_000, tv_usec: micros % 1_000_000)
        poll.api.pointee.timeout_update(pointer, &when)
    }

    /// Cancels a pending firing.
    func disarm() {
        poll.api.pointee.timeout_update(pointer, nil)
    }
}
