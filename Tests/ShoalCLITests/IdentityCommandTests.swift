import Foundation
import ShoalCrypto
import ShoalTestSupport
import Testing

@Suite struct IdentityCommandTests {
    @Test func initIsIdempotentAndIdPrintsTheSameDevice() throws {
        let home = try TemporaryDirectory()
        let path = home.url("state")

        let first = try ShoalProcess.run(["init", "--home", path, "--name", "laptop"])
        #expect(first.status == 0, "\(first.stderr)")
        let id = try #require(first.stdout.split(separator: "\n").first { $0.hasPrefix("Device ID: ") })
            .dropFirst("Device ID: ".count)
        let parsed = try DeviceID(parsing: String(id))

        let again = try ShoalProcess.run(["init", "--home", path])
        #expect(again.status == 0)
        #expect(again.stdout.contains("Already initialised"))
        #expect(again.stdout.contains(String(id)))

        let printed = try ShoalProcess.run(["id", "--home", path])
        #expect(printed.status == 0)
        #expect(printed.stdout == "\(parsed)\n")

        let keyMode = try FileManager.default.attributesOfItem(atPath: path + "/identity.key")[.posixPermissions] as? Int
        #expect(keyMode == 0o600)
        let config = try String(contentsOfFile: path + "/config.json", encoding: .utf8)
        #expect(config.contains("\"device_name\" : \"laptop\""))
        // The secret never reaches the output.
        let key = try String(contentsOfFile: path + "/identity.key", encoding: .utf8)
        let secretLine = try #require(key.split(separator: "\n").last)
        let secret = try #require(secretLine.split(separator: " ").last)
        #expect(!first.stdout.contains(secret) && !first.stderr.contains(secret))
    }

    @Test func homeComesFromTheEnvironment() throws {
        let home = try TemporaryDirectory()
        let made = try ShoalProcess.run(["init"], environment: ["SHOAL_HOME": home.url("env-home")])
        #expect(made.status == 0)
        #expect(FileManager.default.fileExists(atPath: home.url("env-home/identity.key")))

        let xdg = try ShoalProcess.run(["init"], environment: ["XDG_DATA_HOME": home.url("xdg")])
        #expect(xdg.status == 0)
        #expect(FileManager.default.fileExists(atPath: home.url("xdg/shoal/identity.key")))
    }

    @Test func idWithoutInitIsAClearError() throws {
        let home = try TemporaryDirectory()
        let result = try ShoalProcess.run(["id", "--home", home.url("nothing")])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("has no Shoal identity yet; run `shoal init"))
    }
}
