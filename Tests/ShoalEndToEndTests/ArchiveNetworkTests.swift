import Foundation
import ShoalRuntime
import ShoalTestSupport
import Testing

/// Two devices in network namespaces that cannot reach each other, each
/// reaching an archive node in a third: they converge through it.
@Suite(
    .serialized,
    .enabled(if: NetworkLab.unavailableReason == nil, Comment(rawValue: NetworkLab.unavailableReason ?? "")),
    .timeLimit(.minutes(5)))
struct ArchiveNetworkTests {
    let deadline = Duration.seconds(90)

    @Test func devicesThatCannotReachEachOtherConvergeThroughTheArchive() async throws {
        let lab = try NetworkLab(nodeCount: 3)
        defer { lab.shutdown() }
        let root = try TemporaryDirectory(prefix: "shoal-archive-lan")
        let alpha = try Device("alpha", under: root)
        let beta = try Device("beta", under: root)
        let vault = try Device("vault", under: root)
        try lab.separate(lab.nodes[0], lab.nodes[1])
        let vaultAddress = "\(lab.nodes[2].address):22300"
        for device in [alpha, beta, vault] { try device.shoal("folder", "add", "docs", device.folder) }
        for (device, other) in [(alpha, beta), (beta, alpha)] {
            try device.shoal("peer", "add", vault.id, "--name", "vault", "--address", vaultAddress)
            try device.shoal("peer", "add", other.id, "--name", other.name)
            try device.shoal("folder", "share", "docs", vault.id)
            try device.shoal("folder", "share", "docs", other.id)
            try vault.shoal("peer", "add", device.id, "--name", device.name)
            try vault.shoal("folder", "share", "docs", device.id)
        }
        var daemons: [RunningDaemon] = []
        for (index, device) in [alpha, beta, vault].enumerated() {
            let command = device.id == vault.id ? "archive" : "daemon"
            let process = try lab.launch(
                ShoalCLI.executable, [command, "--home", device.home, "--listen", "0.0.0.0:22300"], on: lab.nodes[index])
            daemons.append(try await RunningDaemon(device, process: process.process))
        }
        let logs = { daemons.map { "--- \($0.device.name)\n\($0.log)" }.joined(separator: "\n") }

        var random = SplitMix64(seed: 11)
        let report = random.bytes(5 << 20)
        try alpha.write("reports/q4.bin", report)
        try await waitUntil("beta has alpha's file through the archive", timeout: deadline, detail: logs) {
            FileManager.default.contents(atPath: beta.path("reports/q4.bin")) == Data(report)
        }
        try beta.write("reports/reply.txt", Array("got it\n".utf8))
        try await waitUntil("alpha has beta's reply through the archive", timeout: deadline, detail: logs) {
            FileManager.default.contents(atPath: alpha.path("reports/reply.txt")) == Data("got it\n".utf8)
        }
        #expect(alpha.status()?.peers.first { $0.deviceID == beta.id }?.connected == false, "they never met")
        #expect(alpha.tree() == beta.tree())
    }
}
