import ArgumentParser
import ShoalSync

/// `shoal folder`: the folders this device syncs.
struct FolderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "folder",
        abstract: "Add, share, list and remove the folders this device syncs.",
        subcommands: [
            FolderAddCommand.self, FolderShareCommand.self, FolderListCommand.self, FolderRemoveCommand.self,
        ])
}

extension FolderType: ExpressibleByArgument {}
