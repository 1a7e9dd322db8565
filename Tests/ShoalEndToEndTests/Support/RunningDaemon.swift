import Foundation
import ShoalRuntime
import ShoalTestSupport

/// A `shoal daemon` process of a `Device`, stopped by PID when the test ends.
final class RunningDaemon {
    let device: Device
    let process: ObservedProcess

    /// Starts the device's daemon and waits until it answers `status`.
    init(_ device: Device, listen: String = "127.0.0.1:0", mdns: Bool = false) async throws {
        self.device = device
        process = try ObservedProcess(ShoalCLI.executable, device.daemonArguments(listen: listen, mdns: mdns))
        try await Self.waitUntilAnswering(device, process)
    }

    /// Starts `shoal arguments…` (for example `archive --home …`) for the
    /// device and waits until it answers `status`.
    init(_ device: Device, arguments: [String]) async throws {
        self.device = device
        process = try ObservedProcess(ShoalCLI.executable, arguments)
        try await Self.waitUntilAnswering(device, process)
    }

    /// Wraps a daemon started some other way (inside a network namespace).
    init(_ device: Device, process: ObservedProcess) async throws {
        self.device = device
        self.process = process
        try await Self.waitUntilAnswering(device, process)
    }

    deinit {
        process.terminate(SIGKILL, grace: .seconds(1))
    }

    /// The address the daemon listens on, from its status.
    var listenAddress: String { device.status()?.listen ?? "" }

    /// Its log so far.
    var log: String { process.errorText }

    /// SIGTERM, then waits for a clean exit.
    ///
    /// - Returns: whether it exited by itself, with status 0.
    func stop() -> Bool {
        process.terminate(SIGTERM, grace: .seconds(10)) && process.exitStatus == 0
    }

    private static func waitUntilAnswering(_ device: Device, _ process: ObservedProcess) async throws {
        try await waitUntil("\(device.name)'s daemon answers", timeout: .seconds(20), detail: { process.errorText }) {
            guard process.isRunning else { throw EndToEndError("\(device.name)'s daemon exited: \(process.errorText)") }
            return device.status() != nil
        }
    }
}
