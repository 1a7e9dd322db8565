import Logging
import ShoalCrypto
import Testing

@testable import ShoalRuntime

/// What every `Discovery` method must do, whatever it discovers through.
///
/// Only the parts that need no network run here for `AvahiDiscovery` (it
/// would otherwise talk to the host's avahi-daemon); the rest of its contract
/// is checked inside network namespaces (`AvahiDiscoveryLabTests`) and with an
/// unreachable D-Bus (`AvahiDiscoveryWithoutDaemonTests`).
@Suite struct DiscoveryContractTests {
    enum Method: String, CaseIterable, CustomTestStringConvertible {
        case staticAddresses
        case avahi

        var testDescription: String { rawValue }

        func make() -> any Discovery {
            let id = DeviceIdentity.generate().deviceID
            switch self {
            case .staticAddresses:
                return StaticDiscovery(devices: [])
            case .avahi:
                return AvahiDiscovery(
                    configuration: .init(deviceID: id, deviceName: "contract", port: 22000),
                    logger: Logger(label: "test"))
            }
        }
    }

    @Test(arguments: Method.allCases)
    func stopEndsTheEventsWithStoppedAndCannotBeUndone(method: Method) async throws {
        let discovery = method.make()
        discovery.stop()
        discovery.stop()
        #expect(await Array(discovery.events) == [.stateChanged(.stopped)])
        #expect(throws: DiscoveryError.alreadyStarted(method: discovery.methodName)) { try discovery.start() }
    }

    @Test(arguments: Method.allCases)
    func methodsHaveDistinctNames(method: Method) {
        let names = Method.allCases.map { $0.make().methodName }
        #expect(Set(names).count == names.count)
        #expect(!method.make().methodName.isEmpty)
    }

    @Test func aSecondStartIsRefused() throws {
        let discovery = Method.staticAddresses.make()
        try discovery.start()
        #expect(throws: DiscoveryError.alreadyStarted(method: "static")) { try discovery.start() }
        discovery.stop()
    }
}
