import ShoalCrypto

/// What mDNS currently says about which devices exist and where: a state
/// machine from resolved and removed service instances to `DiscoveryEvent`s.
///
/// It merges every instance that claims the same device ID into one
/// `DiscoveredDevice`, reports `.appeared` only when that record actually
/// changes, and `.disappeared` when its last instance is gone. No I/O, no
/// threads: the Avahi side feeds it on its poll thread, tests feed it directly.
struct DeviceDirectory: Sendable {
    private struct Resolution: Equatable, Sendable {
        var deviceID: DeviceID
        var name: String
        var address: PeerAddress
    }

    private var resolutions: [ServiceInstance: Resolution] = [:]
    private var reported: [DeviceID: DiscoveredDevice] = [:]

    /// The devices as last reported, by device ID.
    var devices: [DeviceID: DiscoveredDevice] { reported }

    /// `instance` resolved to `address` and claims to be `deviceID` named `name`.
    mutating func resolved(
        _ instance: ServiceInstance, deviceID: DeviceID, name: String, address: PeerAddress
    ) -> [DiscoveryEvent] {
        let previous = resolutions.updateValue(
            Resolution(deviceID: deviceID, name: name, address: address), forKey: instance)
        var touched: Set<DeviceID> = [deviceID]
        if let previous { touched.insert(previous.deviceID) }
        return report(touched)
    }

    /// `instance` is gone, or no longer names a device.
    mutating func removed(_ instance: ServiceInstance) -> [DiscoveryEvent] {
        guard let previous = resolutions.removeValue(forKey: instance) else { return [] }
        return report([previous.deviceID])
    }

    /// Everything is forgotten, for example because the connection to
    /// avahi-daemon was lost.
    mutating func removeAll() -> [DiscoveryEvent] {
        let known = Set(reported.keys)
        resolutions.removeAll()
        return report(known)
    }

    /// The events that bring what was reported about `deviceIDs` up to date,
    /// in device ID order.
    private mutating func report(_ deviceIDs: Set<DeviceID>) -> [DiscoveryEvent] {
        var events: [DiscoveryEvent] = []
        for id in deviceIDs.sorted() {
            let current = device(id)
            guard current != reported[id] else { continue }
            reported[id] = current
            events.append(current.map { .appeared($0) } ?? .disappeared(id))
        }
        return events
    }

    /// The merged record of every instance that claims `id`. The name is taken
    /// from the instance with the smallest key text, so it does not depend on
    /// the order instances were resolved in.
    private func device(_ id: DeviceID) -> DiscoveredDevice? {
        let claims = resolutions.filter { $0.value.deviceID == id }
        guard !claims.isEmpty else { return nil }
        let name = claims.min { $0.key.description < $1.key.description }!.value.name
        return DiscoveredDevice(id: id, name: name, addresses: claims.map(\.value.address))
    }
}
