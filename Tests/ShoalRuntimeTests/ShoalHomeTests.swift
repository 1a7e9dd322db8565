import Foundation
import ShoalCrypto
import ShoalRuntime
import ShoalTestSupport
import Testing

@Suite struct ShoalHomeTests {
    @Test func identityRoundTripsThroughAnOwnerOnlyKeyFile() throws {
        let directory = try TemporaryDirectory()
        let home = ShoalHome(path: directory.url("home"))
        try home.create()
        let identity = DeviceIdentity.generate()
        try home.saveIdentity(identity)

        let mode = try FileManager.default.attributesOfItem(atPath: home.identityPath)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let loaded = try home.loadIdentity()
        #expect(loaded.deviceID == identity.deviceID)
        #expect(loaded.publicKey.isValidSignature(identity.sign([1, 2, 3]), of: [1, 2, 3]))
    }

    @Test func aKeyFileOthersCanReadIsRefused() throws {
        let directory = try TemporaryDirectory()
        let home = ShoalHome(path: directory.url("home"))
        try home.create()
        try home.saveIdentity(DeviceIdentity.generate())
        chmod(home.identityPath, 0o644)

        #expect(throws: HomeError.self) { try home.loadIdentity() }
        do {
            _ = try home.loadIdentity()
        } catch {
            #expect("\(error)".contains("chmod 600"))
        }
    }

    @Test func aDamagedKeyFileSaysWhatIsWrong() throws {
        let directory = try TemporaryDirectory()
        let home = ShoalHome(path: directory.url("home"))
        try home.create()
        let text = DeviceIdentity.generate().keyFileText
        // Change one digit of the seed: it no longer matches the recorded ID.
        var lines = text.split(separator: "\n").map(String.init)
        let last = lines.count - 1
        lines[last] = String(lines[last].dropLast()) + (lines[last].hasSuffix("0") ? "1" : "0")
        _ = FileManager.default.createFile(
            atPath: home.identityPath, contents: Data(lines.joined(separator: "\n").utf8),
            attributes: [.posixPermissions: 0o600])

        do {
            _ = try home.loadIdentity()
            Issue.record("a damaged key file was accepted")
        } catch {
            #expect("\(error)".contains("is damaged: its secret belongs to device"))
        }
    }

    @Test func homeDefaultsFollowTheEnvironment() {
        #expect(ShoalHome(path: nil, environment: ["SHOAL_HOME": "/a"]).path == "/a")
        #expect(ShoalHome(path: nil, environment: ["XDG_DATA_HOME": "/x"]).path == "/x/shoal")
        #expect(ShoalHome(path: nil, environment: ["HOME": "/h"]).path == "/h/.local/share/shoal")
        #expect(ShoalHome(path: "/given", environment: ["SHOAL_HOME": "/a"]).path == "/given")
    }
}
