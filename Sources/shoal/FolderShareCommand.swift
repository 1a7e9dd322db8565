import ArgumentParser
import ShoalCrypto
import ShoalModel

/// `shoal folder share FOLDER_ID DEVICE_ID`: share a folder with a trusted device.
struct FolderShareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "share",
        abstract: "Share a folder with a trusted device (nothing changes if it is already shared).")

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "The folder's ID.")
    var folderID: String

    @Argument(help: "The trusted device: its ID, its name, or the start of its ID.")
    var deviceID: String

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
        let device = try TrustedPeerReference.resolve(deviceID, in: home.config)
        guard let index = home.config.folders.firstIndex(where: { $0.id == id }) else {
            throw FolderError.unknown(id)
        }
        guard device != home.deviceID else { throw FolderError.ownDevice(device) }
        guard home.config.peer(device) != nil else { throw FolderError.untrustedDevice(device) }
        let label = home.label(of: device)
        guard !home.config.folders[index].devices.contains(device) else {
            print("Folder \(id) is already shared with \(label); nothing changed.")
            return
        }
        home.config.folders[index].devices.append(device)
        print("Shared folder \(id) with \(label).")
        try home.saveAndReload()
    }
}
