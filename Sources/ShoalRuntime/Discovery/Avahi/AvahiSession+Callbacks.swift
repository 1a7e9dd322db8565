internal import CAvahi
import Glibc
import Logging

/// The C callbacks' Swift halves. Each runs on the poll thread with the poll
/// lock held, checks that the object it is about is still the current one
/// (a late callback for a released object is ignored), and turns what Avahi
/// says into `DiscoveryEvent`s.
extension AvahiSession {
    // MARK: - Client and entry group

    /// The client's state changed. Avahi also calls this from inside
    /// `avahi_client_new`, before `client` is set; `reconcile` reads the
    /// state right after creation, so those calls are ignored.
    func clientChanged(_ pointer: OpaquePointer?) {
        guard let client, client.pointer == pointer else { return }
        reconcile()
    }

    func entryGroupChanged(_ pointer: OpaquePointer?, _ state: AvahiEntryGroupState) {
        guard let entryGroup, entryGroup.pointer == pointer else { return }
        switch state {
        case AVAHI_ENTRY_GROUP_ESTABLISHED:
            logger.info("Published \(configuration.serviceType) as '\(serviceName)'")
        case AVAHI_ENTRY_GROUP_COLLISION:
            // Another host announced the same instance name: take the next
            // alternative ("name #2") and publish again.
            entryGroup.reset()
            moveToAlternativeName()
            reconcile()
        case AVAHI_ENTRY_GROUP_FAILURE:
            let code = entryGroup.errorCode
            entryGroup.reset()
            retry("publishing \(configuration.serviceType) failed: \(AvahiErrorText.message(code))")
        default:
            break
        }
    }

    // MARK: - Browsing

    func browserEvent(
        _ pointer: OpaquePointer?, _ event: AvahiBrowserEvent, interface: AvahiIfIndex, ipProtocol: AvahiProtocol,
        name: UnsafePointer<CChar>?, type: UnsafePointer<CChar>?, domain: UnsafePointer<CChar>?
    ) {
        guard let browser, browser.pointer == pointer, let client else { return }
        switch event {
        case AVAHI_BROWSER_NEW, AVAHI_BROWSER_REMOVE:
            guard let name, let type, let domain else { return }
            let instance = ServiceInstance(
                interface: interface, ipProtocol: ipProtocol, name: String(cString: name), type: String(cString: type),
                domain: String(cString: domain))
            if event == AVAHI_BROWSER_NEW {
                guard resolvers[instance] == nil else { return }
                do {
                    resolvers[instance] = try AvahiLookup(
                        resolving: instance, client: client,
                        callback: { pointer, _, _, event, _, _, _, host, address, port, txt, _, context in
                            AvahiSession.from(context).resolverEvent(
                                pointer, event, host: host, address: address, port: port, txt: txt)
                        }, context: context)
                } catch {
                    logger.warning("Cannot resolve \(instance): \(error)")
                }
            } else {
                resolvers[instance] = nil
                emit(directory.removed(instance))
            }
        case AVAHI_BROWSER_FAILURE:
            let code = client.errorCode
            self.browser = nil
            resolvers.removeAll()
            emit(directory.removeAll())
            retry("browsing for \(configuration.serviceType) failed: \(AvahiErrorText.message(code))")
        default:
            break  // AVAHI_BROWSER_ALL_FOR_NOW, AVAHI_BROWSER_CACHE_EXHAUSTED: nothing to do.
        }
    }

    // MARK: - Resolving

    func resolverEvent(
        _ pointer: OpaquePointer?, _ event: AvahiResolverEvent, host: UnsafePointer<CChar>?,
        address: UnsafePointer<AvahiAddress>?, port: UInt16, txt: UnsafeMutablePointer<AvahiStringList>?
    ) {
        guard let instance = resolvers.first(where: { $0.value.pointer == pointer })?.key else { return }
        guard event == AVAHI_RESOLVER_FOUND else {
            // The resolver stays open and reports FOUND if the service answers later.
            logger.debug("Cannot resolve \(instance) yet: \(AvahiErrorText.message(client?.errorCode ?? 0))")
            return
        }
        let hostName = host.map { String(cString: $0) } ?? "?"
        let announcement: ServiceAnnouncement
        do {
            announcement = try ServiceAnnouncement(txtStrings: Self.strings(txt))
        } catch {
            logger.warning("Ignoring \(instance) on host \(hostName): \(error)")
            emit(directory.removed(instance))
            return
        }
        guard announcement.deviceID != configuration.deviceID else {
            emit(directory.removed(instance))  // our own service
            return
        }
        guard let address, let hostAddress = Self.hostText(address, interface: instance.interface) else {
            logger.warning("Ignoring \(instance) on host \(hostName): its address cannot be read")
            return
        }
        emit(
            directory.resolved(
                instance, deviceID: announcement.deviceID, name: announcement.deviceName ?? instance.name,
                address: PeerAddress(host: hostAddress, port: port)))
    }

    // MARK: - Reading C values

    /// The strings of an Avahi TXT string list.
    static func strings(_ list: UnsafeMutablePointer<AvahiStringList>?) -> [[UInt8]] {
        var strings: [[UInt8]] = []
        var node = list
        // A TXT record of at most 64 KiB holds at most 64 Ki strings.
        while let current = node, strings.count < 65_536 {
            let size = avahi_string_list_get_size(current)
            strings.append(Array(UnsafeBufferPointer(start: avahi_string_list_get_text(current), count: size)))
            node = avahi_string_list_get_next(current)
        }
        return strings
    }

    /// The text in a NUL-terminated C buffer.
    static func string(nulTerminated buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `address` as text (`avahi_address_snprint`); an IPv6 link-local
    /// address gets `%interface`, without which it cannot be connected to.
    static func hostText(_ address: UnsafePointer<AvahiAddress>, interface: AvahiIfIndex) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(AVAHI_ADDRESS_STR_MAX))
        guard avahi_address_snprint(&buffer, buffer.count, address) != nil else { return nil }
        var text = Self.string(nulTerminated: buffer)
        let bytes = address.pointee.data.ipv6.address
        if Int(address.pointee.proto) == AVAHI_PROTO_INET6, bytes.0 == 0xFE, bytes.1 & 0xC0 == 0x80 {
            var name = [CChar](repeating: 0, count: Int(IF_NAMESIZE))
            if interface > 0, if_indextoname(UInt32(interface), &name) != nil {
                text += "%" + Self.string(nulTerminated: name)
            }
        }
        return text
    }
}
