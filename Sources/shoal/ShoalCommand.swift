import ArgumentParser
import Foundation
import Logging

/// The `shoal` command line.
@main
struct ShoalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shoal",
        abstract: "Peer-to-peer folder sync: keep folders identical across your machines, no cloud.",
        subcommands: [
            InitCommand.self, IdCommand.self, DaemonCommand.self, ArchiveCommand.self, StatusCommand.self, PeerCommand.self,
            FolderCommand.self, ConflictsCommand.self, VersionsCommand.self, RestoreCommand.self, ScanCommand.self,
        ])

    static func main() {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            // SHOAL_LOG_LEVEL=debug shows every message to and from peers.
            handler.logLevel = ProcessInfo.processInfo.environment["SHOAL_LOG_LEVEL"].flatMap { Logger.Level(rawValue: $0) } ?? .info
            return handler
        }
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// The `--home` option shared by every command that uses a Shoal home.
struct HomeOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "The device's state directory (default: $SHOAL_HOME, else $XDG_DATA_HOME/shoal, else ~/.local/share/shoal).")
    var home: String?
}
