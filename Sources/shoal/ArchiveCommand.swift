import ArgumentParser
import Logging
import ShoalRuntime

/// `shoal archive`: run this device as an archive node.
struct ArchiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "archive",
        abstract: "Run an archive node: keep every version of the folders shared with it and relay between devices.",
        discussion: """
            Meant for an always-on machine such as a VPS. It has no working folder: every block and every \
            version is kept under HOME/archive (the PATH given to `shoal folder add` is not used), and the \
            signed index batches of each device are passed on to the others, so devices that are never \
            online together still converge. Devices reach it by its address (`shoal peer add ID --address \
            HOST:PORT`); it does not use mDNS. Stops cleanly on SIGINT or SIGTERM.
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Option(help: "Where to accept peer connections, HOST:PORT; port 0 picks a free one (default: the configuration's, 0.0.0.0:22300).")
    var listen: String?

    func validate() throws {
        if let listen {
            do {
                _ = try PeerAddress(parsing: listen, allowingAnyPort: true)
            } catch {
                throw ValidationError("--listen: \(error)")
            }
        }
    }

    func run() throws {
        let settings = DaemonSettings(
            listen: try listen.map { try PeerAddress(parsing: $0, allowingAnyPort: true) }, mdns: false, isArchive: true)
        try DaemonCommand.runInForeground(
            Daemon(home: ShoalHome(path: homeOptions.home), settings: settings, logger: Logger(label: "shoal")))
    }
}
