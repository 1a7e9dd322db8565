internal import CAvahi

/// Owns one Avahi service browser or service resolver, freed with
/// `avahi_service_browser_free` or `avahi_service_resolver_free`.
///
/// Holds its client so the client outlives it. Create, use and release it on
/// the poll thread or holding the poll lock.
final class AvahiLookup {
    enum Kind {
        case serviceBrowser
        case serviceResolver
    }

    let pointer: OpaquePointer
    let kind: Kind
    private let client: AvahiClientHandle

    /// Browses for services of `type` on every interface and protocol
    /// (`avahi_service_browser_new`).
    ///
    /// - Throws: `DiscoveryError.avahi` with the client's error.
    init(
        browsing type: String, client: AvahiClientHandle, callback: AvahiServiceBrowserCallback,
        context: UnsafeMutableRawPointer
    ) throws(DiscoveryError) {
        guard
            let pointer = avahi_service_browser_new(
                client.pointer, AvahiIfIndex(AVAHI_IF_UNSPEC), AvahiProtocol(AVAHI_PROTO_UNSPEC), type, nil,
                AvahiLookupFlags(0), callback, context)
        else { throw client.error("avahi_service_browser_new") }
        self.pointer = pointer
        self.kind = .serviceBrowser
        self.client = client
    }

    /// Resolves `instance` to a host, address, port and TXT record and keeps
    /// following changes to them (`avahi_service_resolver_new`). Asks for an
    /// address of the protocol the instance was seen over.
    ///
    /// - Throws: `DiscoveryError.avahi` with the client's error.
    init(
        resolving instance: ServiceInstance, client: AvahiClientHandle, callback: AvahiServiceResolverCallback,
        context: UnsafeMutableRawPointer
    ) throws(DiscoveryError) {
        guard
            let pointer = avahi_service_resolver_new(
                client.pointer, instance.interface, instance.ipProtocol, instance.name, instance.type,
                instance.domain, instance.ipProtocol, AvahiLookupFlags(0), callback, context)
        else { throw client.error("avahi_service_resolver_new") }
        self.pointer = pointer
        self.kind = .serviceResolver
        self.client = client
    }

    deinit {
        switch kind {
        case .serviceBrowser: avahi_service_browser_free(pointer)
        case .serviceResolver: avahi_service_resolver_free(pointer)
        }
    }
}
