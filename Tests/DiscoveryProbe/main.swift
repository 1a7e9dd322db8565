// shoal-discovery-probe: runs AvahiDiscovery with a fresh identity and prints
// what it sees as JSON lines on stdout, for the discovery tests to run inside
// network namespaces:
//
//   shoal-discovery-probe --name NAME [--port PORT] [--service-type TYPE] [--lifetime SECONDS]
//
// Lines: {"event":"identity","device_id":…}, {"event":"state","state":…},
// {"event":"appeared","device_id":…,"name":…,"addresses":["HOST:PORT",…]},
// {"event":"disappeared","device_id":…}. It stops when stdin closes or after
// the lifetime (default 120 s), so it never outlives a test that lost it.

import Foundation
import Logging
import ShoalCrypto
import ShoalRuntime
import ShoalTestSupport

extension ProbeEvent {
    init(_ event: DiscoveryEvent) {
        switch event {
        case .appeared(let device):
            self.init(
                event: "appeared", deviceID: device.id.description, name: device.name,
                addresses: device.addresses.map(\.description))
        case .disappeared(let id):
            self.init(event: "disappeared", deviceID: id.description)
        case .stateChanged(let state):
            self.init(event: "state", state: state.description)
        }
    }

    func write() {
        FileHandle.standardOutput.write(Data((jsonLine + "\n").utf8))
    }
}

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = ProcessInfo.processInfo.environment["SHOAL_PROBE_DEBUG"] == nil ? .info : .debug
    return handler
}

guard let name = option("--name") else {
    let usage = "usage: shoal-discovery-probe --name NAME [--port PORT] [--service-type TYPE] [--lifetime SECONDS]"
    FileHandle.standardError.write(Data((usage + "\n").utf8))
    exit(2)
}
let identity = DeviceIdentity.generate()
let configuration = AvahiDiscovery.Configuration(
    deviceID: identity.deviceID, deviceName: name, port: option("--port").flatMap { UInt16($0) },
    serviceType: option("--service-type") ?? AvahiDiscovery.serviceType,
    retryBackoff: RetryBackoff(initial: .milliseconds(100), maximum: .seconds(1)))
let discovery = AvahiDiscovery(configuration: configuration, logger: Logger(label: "probe.\(name)"))
ProbeEvent(event: "identity", deviceID: identity.deviceID.description).write()

do {
    try discovery.start()
} catch {
    FileHandle.standardError.write(Data("shoal-discovery-probe: \(error)\n".utf8))
    exit(1)
}
Thread.detachNewThread {
    _ = FileHandle.standardInput.readDataToEndOfFile()
    discovery.stop()
}
let lifetime = option("--lifetime").flatMap { Int($0) } ?? 120
DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(lifetime)) { discovery.stop() }

for await event in discovery.events {
    ProbeEvent(event).write()
}
