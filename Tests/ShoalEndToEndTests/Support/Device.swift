import Foundation
import ShoalRuntime
import ShoalTestSupport

/// One device of an end-to-end test: a Shoal home and a synced folder in a
/// temporary directory, driven through the real `shoal` command line.
struct Device {
    /// A name for messages and the device name given to `shoal init`.
    let name: String
    /// The home directory (`--home`).
    let home: String
    /// The synced folder.
    let folder: String
    /// The device ID `shoal init` printed.
    let id: String

    /// Initialises a home named `name` under `root`, with an empty folder beside it.
    init(_ name: String, under root: TemporaryDirectory) throws {
        self.name = name
        home = root.url("\(name)-home")
        folder = root.url("\(name)-folder")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try ShoalCLI.succeed(["init", "--home", home, "--name", name])
        id = try ShoalCLI.succeed(["id", "--home", home]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs `shoal arguments… --home HOME`, which must succeed.
    @discardableResult
    func shoal(_ arguments: String...) throws -> String {
        try ShoalCLI.succeed(arguments + ["--home", home])
    }

    /// The daemon's `status --json`, or `nil` when it does not answer.
    func status() -> DaemonStatus? {
        guard let output = try? ShoalCLI.run(["status", "--json", "--home", home]), output.status == 0 else { return nil }
        return try? JSONDecoder().decode(DaemonStatus.self, from: Data(output.stdout.utf8))
    }

    /// The arguments of `shoal daemon` for this device.
    func daemonArguments(listen: String, mdns: Bool) -> [String] {
        ["daemon", "--home", home, "--listen", listen] + (mdns ? [] : ["--no-mdns"])
    }

    /// The path of `relative` in the synced folder.
    func path(_ relative: String) -> String { folder + "/" + relative }

    /// Writes `bytes` to `relative` in the folder, making parent directories.
    func write(_ relative: String, _ bytes: [UInt8]) throws {
        let url = URL(fileURLWithPath: path(relative))
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// What the folder holds now.
    func tree() -> FolderTreeSnapshot { FolderTreeSnapshot(of: folder) }
}
