import ShoalTestSupport
import Testing

/// AvahiDiscovery on a machine where avahi-daemon cannot be reached at all:
/// the probe runs on the host with the system D-Bus pointed at a socket that
/// does not exist, so nothing is ever sent on the host's network.
@Suite(.timeLimit(.minutes(1)))
struct AvahiDiscoveryWithoutDaemonTests {
    @Test func reportsWhyAndKeepsRetryingWithGrowingWaitsUntilStopped() async throws {
        let probe = try ObservedProcess(
            ProbeEvent.executable, ["--name", "lonely", "--port", "22000", "--lifetime", "60"],
            environment: ["DBUS_SYSTEM_BUS_ADDRESS": "unix:path=/nonexistent/shoal-test/system_bus_socket"])
        defer { probe.stop() }

        // The probe's backoff starts at 0.1 s and doubles: the third retry
        // waits 0.4 s, so the first three attempts all failed cleanly.
        let states = try await probe.waitFor(.seconds(20)) { lines in
            let states = ProbeEvent.parse(lines).compactMap(\.state)
            return states.contains { $0.hasSuffix("retrying in 0.4 s") } ? states : nil
        }
        let unavailable = try #require(states, "probe output: \(probe.lines) \(probe.errorText)").filter {
            $0.hasPrefix("unavailable")
        }
        #expect(unavailable.count >= 3)
        #expect(unavailable.allSatisfy { $0.contains("cannot reach avahi-daemon") })
        #expect(probe.isRunning)

        probe.stop()
        #expect(ProbeEvent.parse(probe.lines).last?.state == "stopped")
        #expect(probe.exitStatus == 0)
    }
}
