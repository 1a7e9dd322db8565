import ShoalTestSupport
import Testing

/// Real mDNS between two machines: two network namespaces on a private
/// bridge, each with its own dbus-daemon and avahi-daemon, each running
/// `shoal-discovery-probe` (AvahiDiscovery) and printing what it sees.
@Suite(
    .enabled(
        if: NetworkLab.unavailableReason == nil,
        Comment(rawValue: NetworkLab.unavailableReason ?? "")),
    .timeLimit(.minutes(2)))
struct AvahiDiscoveryLabTests {
    /// Long enough for avahi-daemon to start, probe its host name and service
    /// name (about 1 s each) and answer a browse, on a loaded 2-core machine.
    let discoveryDeadline = Duration.seconds(40)

    /// Starts a probe announcing `name` on `port` on `node`; its device ID is returned with it.
    private func startProbe(
        _ lab: NetworkLab, on node: NetworkLab.Node, name: String, port: Int, avahi: Bool = true
    ) async throws -> (LabProcess, String) {
        let probe = try lab.launch(
            ProbeEvent.executable, ["--name", name, "--port", "\(port)", "--lifetime", "60"], on: node, avahi: avahi)
        let id = try #require(await probe.process.waitFor(.seconds(10)) { ProbeEvent.identity($0) })
        return (probe, id)
    }

    /// Waits until `probe` currently sees `deviceID` at `address`, looking only
    /// at output after line `from`.
    private func waitUntil(
        _ probe: LabProcess, sees deviceID: String, at address: String, from: Int = 0
    ) async throws -> ProbeEvent? {
        try await probe.process.waitFor(discoveryDeadline) { lines in
            ProbeEvent.current(deviceID, in: lines.dropFirst(from)).flatMap {
                $0.addresses?.contains(address) == true ? $0 : nil
            }
        }
    }

    @Test func twoNodesFindEachOtherWithIDNameAndAddressButNotThemselves() async throws {
        let lab = try NetworkLab(nodeCount: 2)
        defer { lab.shutdown() }
        let (alpha, alphaID) = try await startProbe(lab, on: lab.nodes[0], name: "alpha", port: 22001)
        let (beta, betaID) = try await startProbe(lab, on: lab.nodes[1], name: "beta", port: 22002)

        let betaSeen = try await waitUntil(alpha, sees: betaID, at: "10.231.0.2:22002")
        #expect(betaSeen?.name == "beta", "alpha's view: \(alpha.process.lines) \(alpha.process.errorText)")
        let alphaSeen = try await waitUntil(beta, sees: alphaID, at: "10.231.0.1:22001")
        #expect(alphaSeen?.name == "alpha", "beta's view: \(beta.process.lines) \(beta.process.errorText)")

        #expect(ProbeEvent.parse(alpha.process.lines).allSatisfy { $0.event == "identity" || $0.deviceID != alphaID })
        #expect(ProbeEvent.parse(beta.process.lines).allSatisfy { $0.event == "identity" || $0.deviceID != betaID })
        #expect(ProbeEvent.parse(alpha.process.lines).contains { $0.state == "running" })
    }

    @Test func restartingAvahiDaemonLeadsToRediscovery() async throws {
        let lab = try NetworkLab(nodeCount: 2)
        defer { lab.shutdown() }
        let (alpha, alphaID) = try await startProbe(lab, on: lab.nodes[0], name: "alpha", port: 22001)
        let (beta, betaID) = try await startProbe(lab, on: lab.nodes[1], name: "beta", port: 22002)
        #expect(try await waitUntil(alpha, sees: betaID, at: "10.231.0.2:22002") != nil)
        #expect(try await waitUntil(beta, sees: alphaID, at: "10.231.0.1:22001") != nil)

        // avahi-daemon goes away on alpha: alpha says so and forgets beta;
        // beta hears alpha's goodbye.
        let alphaMark = alpha.process.lines.count
        let betaMark = beta.process.lines.count
        try lab.stopAvahi(of: alpha)
        let unavailable = try await alpha.process.waitFor(discoveryDeadline) { lines in
            ProbeEvent.parse(lines.dropFirst(alphaMark)).first { $0.state?.hasPrefix("unavailable") == true }
        }
        #expect(unavailable != nil, "alpha: \(alpha.process.lines)")
        #expect(ProbeEvent.current(betaID, in: alpha.process.lines) == nil)
        let gone = try await beta.process.waitFor(discoveryDeadline) { lines in
            ProbeEvent.current(alphaID, in: lines) == nil ? true : nil
        }
        #expect(gone == true, "beta: \(beta.process.lines.dropFirst(betaMark))")

        // It comes back: both find each other again without restarting the probes.
        try lab.startAvahi(of: alpha)
        #expect(
            try await waitUntil(alpha, sees: betaID, at: "10.231.0.2:22002", from: alphaMark) != nil,
            "alpha: \(alpha.process.lines.dropFirst(alphaMark)) \(alpha.process.errorText)")
        #expect(
            try await waitUntil(beta, sees: alphaID, at: "10.231.0.1:22001", from: betaMark) != nil,
            "beta: \(beta.process.lines.dropFirst(betaMark))")
        let runningAgain = try await alpha.process.waitFor(discoveryDeadline) { lines in
            ProbeEvent.parse(lines.dropFirst(alphaMark)).contains { $0.state == "running" } ? true : nil
        }
        #expect(runningAgain == true, "alpha: \(alpha.process.lines.dropFirst(alphaMark))")
    }

    @Test func twoDevicesWithTheSameNameBothGetFoundUnderDistinctServiceNames() async throws {
        let lab = try NetworkLab(nodeCount: 2)
        defer { lab.shutdown() }
        let (first, firstID) = try await startProbe(lab, on: lab.nodes[0], name: "twin", port: 22001)
        let (second, secondID) = try await startProbe(lab, on: lab.nodes[1], name: "twin", port: 22002)

        #expect(try await waitUntil(first, sees: secondID, at: "10.231.0.2:22002")?.name == "twin")
        #expect(try await waitUntil(second, sees: firstID, at: "10.231.0.1:22001")?.name == "twin")
        let renamed = [first, second].filter { $0.process.errorText.contains("publishing as 'twin #2'") }
        #expect(renamed.count == 1, "logs: \(first.process.errorText) \(second.process.errorText)")
    }

    @Test func aNodeWhoseAvahiDaemonIsNotRunningYetSaysSoAndJoinsWhenItStarts() async throws {
        let lab = try NetworkLab(nodeCount: 2)
        defer { lab.shutdown() }
        let (late, lateID) = try await startProbe(lab, on: lab.nodes[0], name: "late", port: 22001, avahi: false)
        let (early, earlyID) = try await startProbe(lab, on: lab.nodes[1], name: "early", port: 22002)

        let waiting = try await late.process.waitFor(discoveryDeadline) { lines in
            ProbeEvent.parse(lines).first { $0.state?.contains("avahi-daemon is not running") == true }
        }
        #expect(waiting != nil, "late: \(late.process.lines) \(late.process.errorText)")
        #expect(late.process.isRunning)

        try lab.startAvahi(of: late)
        #expect(try await waitUntil(late, sees: earlyID, at: "10.231.0.2:22002") != nil, "late: \(late.process.lines)")
        #expect(try await waitUntil(early, sees: lateID, at: "10.231.0.1:22001") != nil, "early: \(early.process.lines)")
    }
}
