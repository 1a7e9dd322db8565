import Foundation
import ShoalCrypto
import ShoalTestSupport
import Testing

/// A temporary directory with an initialised Shoal home in `home/`, for
/// running commands against. No daemon runs for it unless a test starts a
/// control server on its socket.
struct TestHome {
    let directory: TemporaryDirectory
    /// The home's path.
    let path: String
    /// This device's ID.
    let deviceID: DeviceID

    init(name: String = "this") throws {
        directory = try TemporaryDirectory()
        path = directory.url("home")
        let made = try ShoalProcess.run(["init", "--home", path, "--name", name])
        try #require(made.status == 0, "\(made.stderr)")
        let line = try #require(made.stdout.split(separator: "\n").first { $0.hasPrefix("Device ID: ") })
        deviceID = try DeviceID(parsing: String(line.dropFirst("Device ID: ".count)))
    }

    /// Runs `shoal arguments… --home HOME` in the temporary directory.
    func run(_ arguments: String...) throws -> ShoalProcess.Output {
        try run(arguments)
    }

    /// Runs `shoal arguments… --home HOME` in the temporary directory.
    func run(_ arguments: [String]) throws -> ShoalProcess.Output {
        try ShoalProcess.run(arguments + ["--home", path], directory: directory.path)
    }

    /// `config.json` as JSON.
    var config: [String: Any] {
        get throws {
            let data = try Data(contentsOf: URL(fileURLWithPath: path + "/config.json"))
            return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        }
    }

    /// The trusted peers in `config.json`.
    var peers: [[String: Any]] {
        get throws { try config["peers"] as? [[String: Any]] ?? [] }
    }

    /// The folders in `config.json`.
    var folders: [[String: Any]] {
        get throws { try config["folders"] as? [[String: Any]] ?? [] }
    }
}

/// A device ID made up for a test, not of any device here.
func otherDevice(_ seed: UInt8) -> DeviceID {
    try! DeviceID(rawBytes: [UInt8](repeating: seed, count: 32))
}
