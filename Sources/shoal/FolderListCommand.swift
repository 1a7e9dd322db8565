import ArgumentParser

/// `shoal folder list`: the folders this device syncs.
struct FolderListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List the folders this device syncs and who they are shared with.")

    @OptionGroup var homeOptions: HomeOptions

    @Flag(help: "Print JSON, the folders as they are in config.json.")
    var json = false

    func run() throws {
        let home = try ConfiguredHome(homeOptions)
        let folders = home.config.folders
        if json {
            try printJSON(folders)
            return
        }
        guard !folders.isEmpty else {
            print("No folders yet; add one with `shoal folder add FOLDER_ID PATH`.")
            return
        }
        var table = TextTable(header: ["ID", "TYPE", "PATH", "SHARED WITH"])
        for folder in folders {
            let devices = folder.devices.map(home.label)
            table.append(
                [folder.id.rawValue, folder.type.rawValue, folder.path,
                 devices.isEmpty ? "-" : devices.joined(separator: ", ")])
        }
        print(table.text)
    }
}
