internal import CAvahi

/// Owns one Avahi entry group, the set of records this device publishes,
/// freed with `avahi_entry_group_free` (which withdraws them).
///
/// Holds its client so the client outlives it. Create, use and release it on
/// the poll thread or holding the poll lock.
final class AvahiEntryGroupHandle {
    let pointer: OpaquePointer
    private let client: AvahiClientHandle

    /// Creates an empty group (`avahi_entry_group_new`).
    ///
    /// - Throws: `DiscoveryError.avahi` with the client's error.
    init(client: AvahiClientHandle, callback: AvahiEntryGroupCallback, context: UnsafeMutableRawPointer)
        throws(DiscoveryError)
    {
        guard let pointer = avahi_entry_group_new(client.pointer, callback, context) else {
            throw client.error("avahi_entry_group_new")
        }
        self.pointer = pointer
        self.client = client
    }

    deinit {
        avahi_entry_group_free(pointer)
    }

    /// Whether nothing was added since creation or the last `reset()`
    /// (`avahi_entry_group_is_empty`).
    var isEmpty: Bool { avahi_entry_group_is_empty(pointer) != 0 }

    /// Adds service instance `name` of `type` on `port` with TXT strings
    /// `txt`, on every interface and protocol, then publishes the group
    /// (`avahi_entry_group_add_service_strlst`, `avahi_entry_group_commit`).
    ///
    /// - Throws: `DiscoveryError.avahi` naming the call that failed; the
    ///   code is `AVAHI_ERR_COLLISION` when the name is taken locally.
    func publishService(name: String, type: String, port: UInt16, txt: [[UInt8]]) throws(DiscoveryError) {
        var list: UnsafeMutablePointer<AvahiStringList>? = nil
        defer { avahi_string_list_free(list) }
        // Order carries no meaning: each key appears once.
        for string in txt {
            list = string.withUnsafeBufferPointer { avahi_string_list_add_arbitrary(list, $0.baseAddress, $0.count) }
        }
        let added = avahi_entry_group_add_service_strlst(
            pointer, AvahiIfIndex(AVAHI_IF_UNSPEC), AvahiProtocol(AVAHI_PROTO_UNSPEC), AvahiPublishFlags(0), name,
            type, nil, nil, port, list)
        guard added >= 0 else { throw .avahi(call: "avahi_entry_group_add_service_strlst", code: Int(added)) }
        let committed = avahi_entry_group_commit(pointer)
        guard committed >= 0 else { throw .avahi(call: "avahi_entry_group_commit", code: Int(committed)) }
    }

    /// Withdraws everything in the group so it can be filled again
    /// (`avahi_entry_group_reset`).
    func reset() {
        avahi_entry_group_reset(pointer)
    }

    /// The error code of the group's client (`avahi_client_errno`).
    var errorCode: Int { client.errorCode }
}
