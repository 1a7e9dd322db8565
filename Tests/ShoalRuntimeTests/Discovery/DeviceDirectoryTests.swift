import ShoalCrypto
import Testing

@testable import ShoalRuntime

@Suite struct DeviceDirectoryTests {
    let alpha = DeviceIdentity.generate().deviceID
    let beta = DeviceIdentity.generate().deviceID

    private func instance(_ name: String, ipProtocol: Int32 = 0, interface: Int32 = 2) -> ServiceInstance {
        ServiceInstance(interface: interface, ipProtocol: ipProtocol, name: name, type: "_shoal._tcp", domain: "local")
    }

    private let v4 = PeerAddress(host: "10.0.0.1", port: 22000)
    private let v6 = PeerAddress(host: "fe80::1%eth0", port: 22000)

    @Test func mergesTheIPv4AndIPv6InstancesOfOneDevice() {
        var directory = DeviceDirectory()
        let first = directory.resolved(instance("a"), deviceID: alpha, name: "a", address: v4)
        #expect(first == [.appeared(DiscoveredDevice(id: alpha, name: "a", addresses: [v4]))])
        let second = directory.resolved(instance("a", ipProtocol: 1), deviceID: alpha, name: "a", address: v6)
        #expect(second == [.appeared(DiscoveredDevice(id: alpha, name: "a", addresses: [v4, v6]))])
    }

    @Test func aRepeatedResolutionReportsNothing() {
        var directory = DeviceDirectory()
        _ = directory.resolved(instance("a"), deviceID: alpha, name: "a", address: v4)
        #expect(directory.resolved(instance("a"), deviceID: alpha, name: "a", address: v4).isEmpty)
    }

    @Test func aNewNameOrAddressIsReportedAsAChange() {
        var directory = DeviceDirectory()
        _ = directory.resolved(instance("a"), deviceID: alpha, name: "a", address: v4)
        let moved = PeerAddress(host: "10.0.0.9", port: 22000)
        #expect(
            directory.resolved(instance("a"), deviceID: alpha, name: "laptop", address: moved)
                == [.appeared(DiscoveredDevice(id: alpha, name: "laptop", addresses: [moved]))])
    }

    @Test func aDeviceDisappearsWithItsLastInstance() {
        var directory = DeviceDirectory()
        _ = directory.resolved(instance("a"), deviceID: alpha, name: "a", address: v4)
        _ = directory.resolved(instance("a", ipProtocol: 1), deviceID: alpha, name: "a", address: v6)
        #expect(
            directory.removed(instance("a"))
                == [.appeared(DiscoveredDevice(id: alpha, name: "a", addresses: [v6]))])
        #expect(directory.removed(instance("a", ipProtocol: 1)) == [.disappeared(alpha)])
        #expect(directory.removed(instance("a", ipProtocol: 1)).isEmpty)
        #expect(directory.devices.isEmpty)
    }

    @Test func anInstanceThatChangesItsIDMovesBetweenDevices() {
        var directory = DeviceDirectory()
        _ = directory.resolved(instance("a"), deviceID: alpha, name: "a", address: v4)
        let events = directory.resolved(instance("a"), deviceID: beta, name: "a", address: v4)
        let appeared = DiscoveryEvent.appeared(DiscoveredDevice(id: beta, name: "a", addresses: [v4]))
        #expect(Set(events.map { "\($0)" }) == Set(["\(DiscoveryEvent.disappeared(alpha))", "\(appeared)"]))
        #expect(directory.devices.keys.sorted() == [beta])
    }

    @Test func forgettingEverythingReportsEveryDeviceGone() {
        var directory = DeviceDirectory()
        _ = directory.resolved(instance("a"), deviceID: alpha, name: "a", address: v4)
        _ = directory.resolved(instance("b"), deviceID: beta, name: "b", address: v6)
        #expect(directory.removeAll() == [alpha, beta].sorted().map { .disappeared($0) })
        #expect(directory.removeAll().isEmpty)
    }

    @Test func theNameDoesNotDependOnTheOrderInstancesResolved() {
        var forward = DeviceDirectory()
        _ = forward.resolved(instance("a"), deviceID: alpha, name: "first", address: v4)
        _ = forward.resolved(instance("b"), deviceID: alpha, name: "second", address: v6)
        var backward = DeviceDirectory()
        _ = backward.resolved(instance("b"), deviceID: alpha, name: "second", address: v6)
        _ = backward.resolved(instance("a"), deviceID: alpha, name: "first", address: v4)
        #expect(forward.devices == backward.devices)
    }
}
