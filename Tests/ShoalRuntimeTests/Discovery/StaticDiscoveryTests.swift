import ShoalCrypto
import Testing

@testable import ShoalRuntime

@Suite struct StaticDiscoveryTests {
    let alpha = DiscoveredDevice(
        id: DeviceIdentity.generate().deviceID, name: "alpha", addresses: [PeerAddress(host: "10.0.0.1", port: 22000)])
    let beta = DiscoveredDevice(
        id: DeviceIdentity.generate().deviceID, name: "beta", addresses: [PeerAddress(host: "nas.local", port: 22000)])

    @Test func reportsEveryConfiguredDeviceWhenStarted() async throws {
        let discovery = StaticDiscovery(devices: [beta, alpha])
        try discovery.start()
        discovery.stop()
        let events = await Array(discovery.events)
        let sorted = [alpha, beta].sorted { $0.id < $1.id }
        #expect(
            events == [.stateChanged(.running)] + sorted.map { .appeared($0) } + [.stateChanged(.stopped)])
    }

    @Test func reportsOnlyWhatAConfigurationChangeChanged() async throws {
        let discovery = StaticDiscovery(devices: [alpha, beta])
        try discovery.start()
        var moved = beta
        moved.addresses = [PeerAddress(host: "10.0.0.2", port: 22001)]
        discovery.update(devices: [moved])
        discovery.stop()
        let events = await Array(discovery.events).suffix(3)
        let expected: Set<String> = ["\(DiscoveryEvent.disappeared(alpha.id))", "\(DiscoveryEvent.appeared(moved))"]
        #expect(Set(events.prefix(2).map { "\($0)" }) == expected)
        #expect(events.last == .stateChanged(.stopped))
    }

    @Test func mergesTheAddressesOfADeviceListedTwiceAndLeavesOutDevicesWithoutAddresses() async throws {
        var second = alpha
        second.addresses = [PeerAddress(host: "10.0.0.7", port: 22000)]
        var bare = beta
        bare.addresses = []
        let discovery = StaticDiscovery(devices: [alpha, second, bare])
        try discovery.start()
        discovery.stop()
        let events = await Array(discovery.events)
        #expect(events.count == 3)
        let merged = DiscoveredDevice(id: alpha.id, name: "alpha", addresses: alpha.addresses + second.addresses)
        #expect(events[1] == .appeared(merged))
    }
}

extension Array {
    /// Everything an async sequence yields until it ends.
    init<S: AsyncSequence>(_ sequence: S) async where S.Element == Element, S.Failure == Never {
        var all: [Element] = []
        for await element in sequence {
            all.append(element)
        }
        self = all
    }
}
