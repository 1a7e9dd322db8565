import Foundation
import ShoalRuntime
import ShoalTestSupport
import Testing

/// Real daemons on loopback, paired and configured only through the CLI
/// while they run (each change must reach the running daemon), with mDNS
/// off. They run on any machine; `LocalNetworkTests` covers discovery.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct DaemonLoopbackTests {
    let syncDeadline = Duration.seconds(60)

    /// Two devices sharing folder `docs`, daemons running; the pairing
    /// and the sharing happen after the daemons started.
    func pair(in root: TemporaryDirectory) async throws -> (RunningDaemon, RunningDaemon) {
        let alpha = try Device("alpha", under: root)
        let beta = try Device("beta", under: root)
        try alpha.shoal("folder", "add", "docs", alpha.folder)
        try beta.shoal("folder", "add", "docs", beta.folder)
        let a = try await RunningDaemon(alpha)
        let b = try await RunningDaemon(beta)
        try alpha.shoal("peer", "add", beta.id, "--name", "beta", "--address", b.listenAddress)
        try beta.shoal("peer", "add", alpha.id, "--name", "alpha", "--address", a.listenAddress)
        // The CLI returns once the running daemon applied the change: it shows at once.
        #expect(alpha.status()?.peers.map(\.deviceID) == [beta.id])
        #expect(beta.status()?.peers.map(\.deviceID) == [alpha.id])
        try alpha.shoal("folder", "share", "docs", beta.id)
        try beta.shoal("folder", "share", "docs", alpha.id)
        return (a, b)
    }

    func waitUntilSame(_ a: RunningDaemon, _ b: RunningDaemon, _ what: String) async throws {
        try await waitUntil(
            what, timeout: syncDeadline,
            detail: { "alpha: \(a.device.tree())\nbeta: \(b.device.tree())\nlogs:\n\(a.log)\n\(b.log)" }
        ) {
            let tree = a.device.tree()
            return !tree.entries.isEmpty && tree == b.device.tree()
        }
    }

    @Test func aTreeWrittenOnOneDeviceAppearsOnTheOther() async throws {
        let root = try TemporaryDirectory()
        let (a, b) = try await pair(in: root)
        var random = SplitMix64(seed: 1)
        try a.device.write("notes/2026/november/todo.txt", Array("buy milk\n".utf8))
        try a.device.write("empty", [])
        try a.device.write("media/big.bin", random.bytes(12 << 20))
        try FileManager.default.createSymbolicLink(atPath: a.device.path("link"), withDestinationPath: "notes/2026")
        try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: a.device.path("empty"))

        try await waitUntilSame(a, b, "beta holds alpha's tree")

        #expect(b.device.tree().entries["link"]?.content == "notes/2026")
        #expect(b.device.tree().entries["empty"]?.permissions == 0o750)
        #expect(b.device.tree().temporaries.isEmpty)
        let status = try #require(b.device.status())
        #expect(status.peers.first?.connected == true)
        #expect(status.folders.first?.files == 3)
        #expect(a.stop() && b.stop(), "both daemons stop cleanly on SIGTERM")
    }

    @Test func aRenamedFileIsNotTransferredAgain() async throws {
        let root = try TemporaryDirectory()
        let (a, b) = try await pair(in: root)
        var random = SplitMix64(seed: 2)
        try a.device.write("big.bin", random.bytes(8 << 20))
        try await waitUntilSame(a, b, "beta holds big.bin")
        let received = try #require(b.device.status()?.peers.first?.bytesReceived)

        try FileManager.default.createDirectory(atPath: a.device.path("moved"), withIntermediateDirectories: false)
        try FileManager.default.moveItem(atPath: a.device.path("big.bin"), toPath: a.device.path("moved/big.bin"))

        try await waitUntil("beta applied the rename", timeout: syncDeadline, detail: { b.log }) {
            let tree = b.device.tree()
            return tree.entries["moved/big.bin"] != nil && tree.entries["big.bin"] == nil
        }
        #expect(b.device.status()?.peers.first?.bytesReceived == received, "no block moved again")
        #expect(b.device.tree() == a.device.tree())
    }

    @Test func editsMadeWhileOneDaemonWasDownBecomeOneConflictCopy() async throws {
        let root = try TemporaryDirectory()
        let (a, b) = try await pair(in: root)
        try a.device.write("plan.txt", Array("version 0\n".utf8))
        try await waitUntilSame(a, b, "beta holds plan.txt")
        #expect(b.stop())

        try a.device.write("plan.txt", Array("alpha's edit\n".utf8))
        try b.device.write("plan.txt", Array("beta's edit, made while its daemon was down\n".utf8))
        let restarted = try await RunningDaemon(b.device)

        try await waitUntil(
            "both hold plan.txt and one conflict copy", timeout: syncDeadline,
            detail: { "\(a.device.tree())\n\(restarted.device.tree())\n\(a.log)\n\(restarted.log)" }
        ) {
            let tree = a.device.tree()
            return tree.conflictCopies.count == 1 && tree == restarted.device.tree()
        }
        let tree = a.device.tree()
        let contents = try [tree.conflictCopies[0], "plan.txt"].map {
            try String(contentsOfFile: a.device.path($0), encoding: .utf8)
        }
        #expect(Set(contents) == ["alpha's edit\n", "beta's edit, made while its daemon was down\n"])
        #expect(restarted.device.status()?.folders.first?.conflicts == 1)
        let listed = try a.device.shoal("conflicts")
        #expect(listed.contains(tree.conflictCopies[0]))
    }

    @Test func aFolderWhoseDiskGoesAwayIsNotEmptiedOnThePeers() async throws {
        let root = try TemporaryDirectory()
        let (a, b) = try await pair(in: root)
        try a.device.write("photos/2026/beach.jpg", Array(repeating: 7, count: 100_000))
        try await waitUntilSame(a, b, "beta holds the photo")

        // An unmounted disk leaves an empty mount point behind.
        try FileManager.default.moveItem(atPath: b.device.folder, toPath: b.device.folder + ".disk")
        try FileManager.default.createDirectory(atPath: b.device.folder, withIntermediateDirectories: false)

        try await waitUntil("beta reports the folder in error", timeout: syncDeadline, detail: { b.log }) {
            b.device.status()?.folders.first?.state == .error
        }
        #expect(b.device.status()?.folders.first?.error?.contains("is missing although this device synced") == true)
        #expect(a.device.tree().entries["photos/2026/beach.jpg"] != nil, "nothing deleted on the peer")
        #expect(b.log.components(separatedBy: "is missing although").count == 2, "logged once")
    }

    @Test func aDeviceNobodyTrustsLearnsNothing() async throws {
        let root = try TemporaryDirectory()
        let (a, _) = try await pair(in: root)
        try a.device.write("secret.txt", Array("only for beta\n".utf8))
        let stranger = try Device("stranger", under: root)
        try stranger.shoal("folder", "add", "docs", stranger.folder)
        let s = try await RunningDaemon(stranger)
        try stranger.shoal("peer", "add", a.device.id, "--address", a.listenAddress)
        try stranger.shoal("folder", "share", "docs", a.device.id)

        try await waitUntil("alpha refuses the stranger", timeout: .seconds(20), detail: { a.log }) {
            a.log.contains("device \(stranger.id) is not trusted")
        }
        #expect(stranger.tree().entries.isEmpty)
        #expect(s.device.status()?.peers.first?.connected == false)
        #expect(a.device.status()?.peers.contains { $0.deviceID == stranger.id } == false)
    }
}
