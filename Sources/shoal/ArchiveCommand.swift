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

    @OptionGroup var listenOptions: ListenOptions

    func run() throws {
        let settings = DaemonSettings(listen: try listenOptions.address, mdns: false, isArchive: true)
        try DaemonCommand.runInForeground(
            Daemon(home: ShoalHome(path: homeOptions.home), settings: settings, logger: Logger(label: "shoal")))
    }
}
