import Foundation
import ShoalRuntime
import ShoalTestSupport
import Testing

/// Three devices on one LAN, as issue 5 asks: network namespaces on a
/// bridge, each with its own dbus-daemon and avahi-daemon, peers added by
/// device ID only (addresses come from mDNS), one shared folder; and a
/// fourth device nobody trusts on the same bridge.
///
/// One lab runs the scenarios in order, since each needs the converged
/// state the one before left (and a lab takes seconds to set up).
@Suite(
    .serialized,
    .enabled(if: NetworkLab.unavailableReason == nil, Comment(rawValue: NetworkLab.unavailableReason ?? "")),
    .timeLimit(.minutes(10)))
struct LocalNetworkTests {
    let deadline = Duration.seconds(120)

    /// The lab, its devices and their daemons.
    final class LAN {
        let lab: NetworkLab
        let root: TemporaryDirectory
        let devices: [Device]
        var daemons: [RunningDaemon] = []
        var launched: [LabProcess] = []

        init() throws {
            lab = try NetworkLab(nodeCount: 4)
            let root = try TemporaryDirectory(prefix: "shoal-lan")
            self.root = root
            devices = try (1...4).map { try Device($0 == 4 ? "stranger" : "node\($0)", under: root) }
        }

        /// The three devices that trust each other.
        var members: [Device] { Array(devices.prefix(3)) }
        var stranger: Device { devices[3] }

        func start(_ index: Int) async throws {
            // Debug logs (every message in and out) end up in a failure's message.
            let process = try lab.launch(
                "/usr/bin/env",
                ["SHOAL_LOG_LEVEL=debug", ShoalCLI.executable]
                    + devices[index].daemonArguments(listen: "0.0.0.0:22300", mdns: true),
                on: lab.nodes[index])
            launched.append(process)
            daemons.append(try await RunningDaemon(devices[index], process: process.process))
        }

        var logs: String {
            zip(devices, daemons).map { "--- \($0.name)\n\($1.log)" }.joined(separator: "\n")
        }

        /// What each member holds and reports, for failure messages.
        func trees() -> String {
            members.map { device in
                let status = device.status().map { "\($0)" } ?? "no status"
                return "\(device.name): \(device.tree())\n\(status)"
            }.joined(separator: "\n")
        }

        /// Whether the three members hold the same, non-empty tree.
        func membersAgree() -> Bool {
            let first = members[0].tree()
            return !first.entries.isEmpty && members.dropFirst().allSatisfy { $0.tree() == first }
        }

        /// Block bytes each member received, summed over its peers.
        func bytesReceived() -> [Int64] {
            members.map { $0.status()?.peers.reduce(0) { $0 + $1.bytesReceived } ?? -1 }
        }
    }

    @Test func threeDevicesFindEachOtherAndStayInSync() async throws {
        let lan = try LAN()
        defer { lan.lab.shutdown() }
        for device in lan.devices { try device.shoal("folder", "add", "docs", device.folder) }
        for index in 0..<4 { try await lan.start(index) }
        try await pairByIDOnly(lan)

        try await aTreeOnNode1AppearsOnTheOthers(lan)
        try await measureSmallFileLatency(lan)
        try await aPartitionedEditBecomesOneConflictCopy(lan)
        try await aRenameMovesNoBlocks(lan)
        try await aKilledReceiverRecovers(lan)
        try await theStrangerLearnedNothing(lan)
    }

    /// Each member adds the other two by ID alone; the stranger, which saw
    /// node 1 on the LAN, adds it by an ID prefix and shares the folder.
    private func pairByIDOnly(_ lan: LAN) async throws {
        for device in lan.members {
            for other in lan.members where other.id != device.id {
                try device.shoal("peer", "add", other.id, "--name", other.name)
                try device.shoal("folder", "share", "docs", other.id)
            }
        }
        try await waitUntil("the members are connected to each other", timeout: deadline, detail: { lan.logs }) {
            lan.members.allSatisfy { device in
                device.status()?.peers.filter(\.connected).count == 2
            }
        }
        let node1 = lan.members[0]
        try await waitUntil("the stranger sees node 1 on the LAN", timeout: deadline, detail: { lan.logs }) {
            (try? lan.stranger.shoal("peer", "list", "--discovered"))?.contains(node1.id) == true
        }
        let added = try lan.stranger.shoal("peer", "add", String(node1.id.prefix(10)))
        #expect(added.contains(node1.id), "peer add prints the full ID of the prefix: \(added)")
        try lan.stranger.shoal("folder", "share", "docs", node1.id)
        try await waitUntil("node 1 lists the stranger as discovered, untrusted", timeout: deadline) {
            (try? node1.shoal("peer", "list", "--discovered"))?.contains(lan.stranger.id) == true
        }
    }

    private func aTreeOnNode1AppearsOnTheOthers(_ lan: LAN) async throws {
        let node1 = lan.members[0]
        var random = SplitMix64(seed: 5)
        try node1.write("projects/shoal/notes/readme.txt", Array("three machines, one folder\n".utf8))
        try node1.write("projects/empty.txt", [])
        try FileManager.default.createSymbolicLink(atPath: node1.path("latest"), withDestinationPath: "projects/shoal")
        let started = ContinuousClock.now
        try node1.write("video/raw.bin", random.bytes(100 << 20))

        try await waitUntil("nodes 2 and 3 hold node 1's tree", timeout: deadline, detail: { lan.trees() + lan.logs }) {
            lan.membersAgree() && lan.members[2].tree().entries["video/raw.bin"] != nil
        }
        print("100 MiB file from node 1 on nodes 2 and 3 after \(ContinuousClock.now - started)")
        #expect(lan.members[1].tree().entries["latest"]?.content == "projects/shoal")
        #expect(lan.members.allSatisfy { $0.tree().temporaries.isEmpty })
    }

    private func measureSmallFileLatency(_ lan: LAN) async throws {
        let (from, to) = (lan.members[0], lan.members[1])
        var times: [Duration] = []
        for round in 0..<10 {
            let bytes = Array(repeating: UInt8(round), count: 1024)
            let written = ContinuousClock.now
            try from.write("latency/\(round).txt", bytes)
            try await waitUntil("node 2 has latency/\(round).txt", timeout: .seconds(30), interval: .milliseconds(2)) {
                FileManager.default.contents(atPath: to.path("latency/\(round).txt")) == Data(bytes)
            }
            times.append(ContinuousClock.now - written)
        }
        print("1 KiB file from node 1 on node 2, median of 10: \(times.sorted()[5]) (all: \(times.sorted()))")
    }

    private func aPartitionedEditBecomesOneConflictCopy(_ lan: LAN) async throws {
        let (node1, node3) = (lan.members[0], lan.members[2])
        try lan.lab.setLink(of: lan.lab.nodes[2], up: false)
        try node1.write("projects/plan.txt", Array("node 1's plan\n".utf8))
        try node3.write("projects/plan.txt", Array("node 3's plan, written while cut off\n".utf8))
        try await waitUntil("node 2 has node 1's edit", timeout: deadline, detail: { lan.trees() }) {
            FileManager.default.contents(atPath: lan.members[1].path("projects/plan.txt")) == Data("node 1's plan\n".utf8)
        }
        try lan.lab.setLink(of: lan.lab.nodes[2], up: true)

        try await waitUntil("all three converge with one conflict copy", timeout: deadline, detail: { lan.trees() + lan.logs }) {
            lan.membersAgree() && lan.members[0].tree().conflictCopies.count == 1
        }
        let copy = try #require(node1.tree().conflictCopies.first)
        let texts = try [copy, "projects/plan.txt"].map { try String(contentsOfFile: node1.path($0), encoding: .utf8) }
        #expect(Set(texts) == ["node 1's plan\n", "node 3's plan, written while cut off\n"])
    }

    private func aRenameMovesNoBlocks(_ lan: LAN) async throws {
        let node2 = lan.members[1]
        let before = lan.bytesReceived()
        try FileManager.default.moveItem(atPath: node2.path("video/raw.bin"), toPath: node2.path("video/final.bin"))

        try await waitUntil("nodes 1 and 3 applied the rename", timeout: deadline, detail: { lan.trees() }) {
            lan.membersAgree() && lan.members[0].tree().entries["video/final.bin"] != nil
                && lan.members[2].tree().entries["video/raw.bin"] == nil
        }
        let after = lan.bytesReceived()
        #expect(after[0] == before[0] && after[2] == before[2], "bytes received before \(before), after \(after)")
    }

    private func aKilledReceiverRecovers(_ lan: LAN) async throws {
        let (node1, node2) = (lan.members[0], lan.members[1])
        var random = SplitMix64(seed: 6)
        try node1.write("video/second.bin", random.bytes(100 << 20))
        try await waitUntil("node 2 is receiving second.bin", timeout: deadline, detail: { node2.tree().description }) {
            !node2.tree().temporaries.isEmpty
        }
        kill(lan.daemons[1].process.pid, SIGKILL)
        #expect(!node2.tree().temporaries.isEmpty, "killed while a temporary file was there")

        let restarted = try lan.lab.launch(
            ShoalCLI.executable, node2.daemonArguments(listen: "0.0.0.0:22300", mdns: true), beside: lan.launched[1])
        lan.daemons[1] = try await RunningDaemon(node2, process: restarted)

        try await waitUntil("node 2 converges after the restart", timeout: deadline, detail: { lan.trees() + lan.logs }) {
            lan.membersAgree() && node2.tree().entries["video/second.bin"] != nil
        }
        #expect(node2.tree().temporaries.isEmpty)
    }

    private func theStrangerLearnedNothing(_ lan: LAN) async throws {
        let node1 = lan.members[0]
        try await waitUntil("node 1 refused the stranger", timeout: deadline, detail: { lan.logs }) {
            lan.daemons[0].log.contains("device \(lan.stranger.id) is not trusted")
        }
        #expect(lan.stranger.tree().entries.isEmpty, "the stranger received nothing")
        #expect(lan.stranger.status()?.peers.allSatisfy { !$0.connected } == true)
        #expect(node1.status()?.peers.contains { $0.deviceID == lan.stranger.id } == false)
    }
}
