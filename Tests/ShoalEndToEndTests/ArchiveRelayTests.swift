import Foundation
import ShoalRuntime
import ShoalTestSupport
import Testing

/// An archive node between two devices that are never online at the same
/// time: each change reaches the other through it.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ArchiveRelayTests {
    let deadline = Duration.seconds(60)

    @Test func devicesNeverOnlineTogetherConvergeThroughTheArchive() async throws {
        let root = try TemporaryDirectory()
        let vault = try Device("vault", under: root)
        let alpha = try Device("alpha", under: root)
        let beta = try Device("beta", under: root)
        let archive = try await RunningDaemon(vault, arguments: ["archive", "--home", vault.home, "--listen", "127.0.0.1:0"])
        try vault.shoal("folder", "add", "docs", vault.folder)
        for (device, other) in [(alpha, beta), (beta, alpha)] {
            try device.shoal("folder", "add", "docs", device.folder)
            try device.shoal("peer", "add", vault.id, "--name", "vault", "--address", archive.listenAddress)
            try device.shoal("peer", "add", other.id, "--name", other.name)  // no address: never reachable
            try device.shoal("folder", "share", "docs", vault.id)
            try device.shoal("folder", "share", "docs", other.id)
            try vault.shoal("peer", "add", device.id, "--name", device.name)
            try vault.shoal("folder", "share", "docs", device.id)
        }

        // Alpha alone writes a file; the archive takes it.
        let a = try await RunningDaemon(alpha)
        var random = SplitMix64(seed: 9)
        let report = random.bytes(3 << 20)
        try alpha.write("reports/q3.bin", report)
        try await waitUntil("the archive holds alpha's file", timeout: deadline, detail: { a.log + archive.log }) {
            guard let folder = vault.status()?.folders.first else { return false }
            return folder.files == 1 && folder.needFiles == 0
        }
        #expect(a.stop())
        #expect(FileManager.default.fileExists(atPath: vault.path("reports")) == false, "the archive has no working folder")

        // Beta alone gets it from the archive, and edits it.
        let b = try await RunningDaemon(beta)
        try await waitUntil("beta has alpha's file", timeout: deadline, detail: { b.log + archive.log }) {
            FileManager.default.contents(atPath: beta.path("reports/q3.bin")) == Data(report)
        }
        let sentBefore = try #require(beta.status()?.peers.first { $0.deviceID == vault.id }?.bytesSent)
        let edited = Array("beta's version\n".utf8)
        try beta.write("reports/q3.bin", edited)
        try await waitUntil("the archive took beta's edit", timeout: deadline, detail: { b.log + archive.log }) {
            (beta.status()?.peers.first { $0.deviceID == vault.id }?.bytesSent ?? 0) > sentBefore
                && vault.status()?.folders.first?.needFiles == 0
        }
        #expect(b.stop())

        // Alpha comes back and gets beta's edit, which beta signed.
        let back = try await RunningDaemon(alpha)
        try await waitUntil("alpha has beta's edit", timeout: deadline, detail: { back.log + archive.log }) {
            FileManager.default.contents(atPath: alpha.path("reports/q3.bin")) == Data(edited)
        }
        #expect(alpha.tree().conflictCopies.isEmpty)
        #expect(back.device.status()?.peers.first { $0.deviceID == beta.id }?.connected == false)
    }

    @Test func anArchiveKilledDuringAnUploadLosesNothing() async throws {
        let root = try TemporaryDirectory()
        let vault = try Device("vault", under: root)
        let alpha = try Device("alpha", under: root)
        let beta = try Device("beta", under: root)
        var archive = try await RunningDaemon(vault, arguments: ["archive", "--home", vault.home, "--listen", "127.0.0.1:0"])
        let address = archive.listenAddress
        try vault.shoal("folder", "add", "docs", vault.folder)
        for device in [alpha, beta] {
            try device.shoal("folder", "add", "docs", device.folder)
            try device.shoal("peer", "add", vault.id, "--name", "vault", "--address", address)
            try device.shoal("folder", "share", "docs", vault.id)
            try vault.shoal("peer", "add", device.id, "--name", device.name)
            try vault.shoal("folder", "share", "docs", device.id)
        }
        try alpha.shoal("peer", "add", beta.id)
        try alpha.shoal("folder", "share", "docs", beta.id)
        try beta.shoal("peer", "add", alpha.id)
        try beta.shoal("folder", "share", "docs", alpha.id)
        let a = try await RunningDaemon(alpha)
        var random = SplitMix64(seed: 10)
        let first = random.bytes(2 << 20)
        try alpha.write("first.bin", first)
        try await waitUntil("the archive holds first.bin", timeout: deadline, detail: { archive.log }) {
            vault.status()?.folders.first.map { $0.files == 1 && $0.needFiles == 0 } == true
        }

        // Kill the archive while it receives a large file.
        let second = random.bytes(64 << 20)
        try alpha.write("second.bin", second)
        try await waitUntil("the archive is receiving second.bin", timeout: deadline, detail: { archive.log }) {
            (vault.status()?.peers.first { $0.deviceID == alpha.id }?.bytesReceived ?? 0) > 0
                && vault.status()?.folders.first?.needFiles == 1
        }
        kill(archive.process.pid, SIGKILL)
        archive = try await RunningDaemon(
            vault, arguments: ["archive", "--home", vault.home, "--listen", address])
        try await waitUntil("the restarted archive holds both files", timeout: deadline, detail: { archive.log }) {
            vault.status()?.folders.first.map { $0.files == 2 && $0.needFiles == 0 } == true
        }
        #expect(a.stop())

        // Beta, never online with alpha, gets both exactly.
        let b = try await RunningDaemon(beta)
        try await waitUntil("beta has both files", timeout: deadline, detail: { b.log + archive.log }) {
            FileManager.default.contents(atPath: beta.path("first.bin")) == Data(first)
                && FileManager.default.contents(atPath: beta.path("second.bin")) == Data(second)
        }
        #expect(b.device.tree().temporaries.isEmpty)
    }
}
