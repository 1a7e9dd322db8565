import ArgumentParser
import Foundation
import ShoalCrypto
import ShoalModel
import ShoalRuntime
import ShoalSync

/// `shoal folder add FOLDER_ID PATH`: sync a folder.
struct FolderAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Sync a directory (created if missing) under a folder ID.",
        discussion: """
            FOLDER_ID must be the same on every device that syncs the folder. PATH may not overlap \
            another folder or the Shoal home. Share it with trusted devices with --share here or \
            `shoal folder share` later.
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "The folder's ID: letters, digits, '.', '_' and '-', the same on every device.")
    var folderID: String

    @Argument(help: "The directory, absolute or relative to the current one.")
    var path: String

    @Option(
        name: .customLong("share"),
        help: ArgumentHelp("A trusted device to share it with (repeatable).", valueName: "device-id"))
    var devices: [String] = []

    @Option(help: "How it syncs.")
    var type: FolderType = .sendReceive

    func validate() throws {
        do {
            _ = try FolderID(folderID)
        } catch {
            throw ValidationError("\(error)")
        }
        guard !path.isEmpty else { throw ValidationError("give the folder's path") }
    }

    func run() throws {
        var home = try ConfiguredHome(homeOptions)
        let id = try FolderID(folderID)
        if let existing = home.config.folder(id) { throw FolderError.exists(existing) }
        var shared: [DeviceID] = []
        for text in devices {
            let device = try TrustedPeerReference.resolve(text, in: home.config)
            guard device != home.deviceID else { throw FolderError.ownDevice(device) }
            guard home.config.peer(device) != nil else { throw FolderError.untrustedDevice(device) }
            if !shared.contains(device) { shared.append(device) }
        }

        let directory = FileManager.default.currentDirectoryPath
        let absolute = FolderLocation.absolute(path, from: directory)
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: absolute, isDirectory: &isDirectory)
        if exists && !isDirectory.boolValue { throw FolderError.notADirectory(absolute) }
        try checkOverlaps(absolute, in: home, from: directory)
        if !exists {
            do {
                try FileManager.default.createDirectory(atPath: absolute, withIntermediateDirectories: true)
            } catch {
                throw FolderError.cannotCreate(absolute, (error as NSError).localizedDescription)
            }
        }

        home.config.folders.append(FolderConfig(id: id, path: absolute, type: type, devices: shared))
        print("Added folder \(id) at \(absolute)\(exists ? "" : " (created)"), \(type.rawValue).")
        if shared.isEmpty {
            print("It is not shared with any device yet: `shoal folder share \(id) DEVICE_ID`.")
        } else {
            print("Shared with \(shared.map(home.label).joined(separator: ", ")).")
        }
        try home.saveAndReload()
    }

    /// Refuses a path that overlaps the home or another folder, wherever symlinks lead.
    private func checkOverlaps(_ absolute: String, in home: ConfiguredHome, from directory: String) throws {
        let real = FolderLocation.resolved(absolute)
        let homePath = FolderLocation.absolute(home.home.path, from: directory)
        let realHome = FolderLocation.resolved(homePath)
        if FolderLocation.contains(realHome, real) { throw FolderError.insideHome(absolute, home: homePath) }
        if FolderLocation.contains(real, realHome) { throw FolderError.containsHome(absolute, home: homePath) }
        for folder in home.config.folders {
            let other = FolderLocation.resolved(folder.path)
            if FolderLocation.contains(other, real) { throw FolderError.insideFolder(absolute, folder) }
            if FolderLocation.contains(real, other) { throw FolderError.containsFolder(absolute, folder) }
        }
    }
}
