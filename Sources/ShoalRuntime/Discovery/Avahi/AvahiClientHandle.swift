internal import CAvahi

/// Owns one connection to avahi-daemon (`AvahiClient`), freed with
/// `avahi_client_free` when the last reference goes.
///
/// Entry groups, browsers and resolvers hold their client, so Swift frees them
/// before it: `avahi_client_free` would otherwise free them under their owners.
/// Create, use and release it on the poll thread or holding the poll lock.
final class AvahiClientHandle {
    let pointer: OpaquePointer
    /// Keeps the poll alive while the client's watches are registered on it.
    let poll: AvahiPollThread

    /// Connects (`avahi_client_new` with `AVAHI_CLIENT_NO_FAIL`, so a missing
    /// avahi-daemon gives a client in `AVAHI_CLIENT_CONNECTING` state).
    ///
    /// Avahi calls `callback` from inside this initializer already, before the
    /// handle exists; callers read `state` afterwards instead.
    ///
    /// - Throws: `DiscoveryError.avahi` when there is no client at all, for
    ///   example because the system D-Bus is not running.
    init(poll: AvahiPollThread, callback: AvahiClientCallback, context: UnsafeMutableRawPointer)
        throws(DiscoveryError)
    {
        var error: Int32 = 0
        guard let pointer = avahi_client_new(poll.api, AVAHI_CLIENT_NO_FAIL, callback, context, &error) else {
            throw .avahi(call: "avahi_client_new", code: Int(error))
        }
        self.pointer = pointer
        self.poll = poll
    }

    deinit {
        avahi_client_free(pointer)
    }

    /// The client's state (`avahi_client_get_state`).
    var state: AvahiClientState { avahi_client_get_state(pointer) }

    /// The client's last error code (`avahi_client_errno`).
    var errorCode: Int { Int(avahi_client_errno(pointer)) }

    /// The error for `call` failing on this client, from `avahi_client_errno`.
    func error(_ call: String) -> DiscoveryError { .avahi(call: call, code: errorCode) }
}
