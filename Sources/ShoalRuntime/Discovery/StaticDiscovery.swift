import ShoalCrypto
import Synchronization

/// Discovery from configuration: the addresses given with `--address
/// HOST:PORT` for each trusted peer.
///
/// It reports every configured device when started, and the differences when
/// the configuration changes (`update(devices:)`), so the daemon treats
/// configured and discovered addresses the same way.
public final class StaticDiscovery: Discovery {
    private struct State {
        var started = false
        var stopped = false
        var devices: [DeviceID: DiscoveredDevice]
    }

    /// `static`.
    public let methodName = "static"
    /// See `Discovery.events`.
    public let events: AsyncStream<DiscoveryEvent>
    private let continuation: AsyncStream<DiscoveryEvent>.Continuation
    private let state: Mutex<State>

    /// Creates the method for `devices`; devices without addresses are left out,
    /// and the addresses of a device listed twice are merged.
    public init(devices: [DiscoveredDevice]) {
        (events, continuation) = AsyncStream.makeStream(of: DiscoveryEvent.self)
        state = Mutex(State(devices: Self.byID(devices)))
    }

    deinit {
        stop()
    }

    /// Reports `.running` and every configured device.
    ///
    /// - Throws: `DiscoveryError.alreadyStarted` on a second call or after `stop()`.
    public func start() throws(DiscoveryError) {
        try state.withLock { state throws(DiscoveryError) in
            guard !state.started, !state.stopped else { throw .alreadyStarted(method: methodName) }
            state.started = true
            continuation.yield(.stateChanged(.running))
            for id in state.devices.keys.sorted() {
                continuation.yield(.appeared(state.devices[id]!))
            }
        }
    }

    /// Replaces the configured devices and, once started, reports what changed.
    public func update(devices: [DiscoveredDevice]) {
        state.withLock { state in
            let new = Self.byID(devices)
            defer { state.devices = new }
            guard state.started, !state.stopped else { return }
            for id in Set(state.devices.keys).union(new.keys).sorted() where state.devices[id] != new[id] {
                continuation.yield(new[id].map { .appeared($0) } ?? .disappeared(id))
            }
        }
    }

    /// Reports `.stopped` and ends `events`.
    public func stop() {
        state.withLock { state in
            guard !state.stopped else { return }
            state.stopped = true
            continuation.yield(.stateChanged(.stopped))
            continuation.finish()
        }
    }

    private static func byID(_ devices: [DiscoveredDevice]) -> [DeviceID: DiscoveredDevice] {
        var byID: [DeviceID: DiscoveredDevice] = [:]
        for device in devices where !device.addresses.isEmpty {
            if let earlier = byID[device.id] {
                let name = earlier.name.isEmpty ? device.name : earlier.name
                byID[device.id] = DiscoveredDevice(
                    id: device.id, name: name, addresses: earlier.addresses + device.addresses)
            } else {
                byID[device.id] = device
            }
        }
        return byID
    }
}
