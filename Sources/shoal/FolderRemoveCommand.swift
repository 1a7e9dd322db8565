import ArgumentParser
import ShoalModel

/// `shoal folder remove FOLDER_ID`: stop syncing a folder; its files stay.
struct FolderRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Stop syncing a folder. Its files stay on disk.")

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "The folder's ID.")
    var folderID: String

    func validate() throws {
        do {
            _ = try FolderID(folderID)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() throws {
        var home = try ConfiguredHome(homeOptions)
        let id = try FolderID(folderID)
        guard let folder = home.config.folder(id) else { throw FolderError.unknown(id) }
        home.config.folders.removeAll { $0.id == id }
        print("Removed folder \(id); its files stay in \(folder.path).")
        try home.saveAndReload()
    }
}
