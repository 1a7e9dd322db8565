import ArgumentParser

/// `shoal peer`: the devices this one trusts.
struct PeerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peer",
        abstract: "Trust, list and remove the devices this one syncs with.",
        subcommands: [PeerAddCommand.self, PeerListCommand.self, PeerRemoveCommand.self])
}
