import ArgumentParser
import Foundation
import ShoalModel
import ShoalRuntime

/// `shoal restore PATH`: brings a kept old version back, in place or into
/// another file.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Bring back a kept old version of a file, in place or into another file.",
        discussion: """
            Without --output, the version is put back at PATH as a new local change, which a running \
            daemon syncs to the folder's peers. A file at PATH is first kept as a version itself, so a \
            restore loses nothing; missing parent directories are made again. With --output FILE, the \
            version's bytes (with its mode and modification time) go to FILE instead and the folder is \
            not touched. `shoal versions PATH` lists the versions. The daemon need not run.
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "The file in a synced folder, absolute or relative to the current directory; it may be gone.")
    var path: String

    @Option(
        name: .customLong("version"),
        help: ArgumentHelp("The version's ID, from `shoal versions PATH` (default: the newest).", valueName: "id"))
    var versionID: String?

    @Option(help: ArgumentHelp("Write the version to this file instead of putting it back at PATH.", valueName: "file"))
    var output: String?

    @Flag(help: "With --output: replace the file if it exists.")
    var force = false

    func validate() throws {
        guard !path.isEmpty else { throw ValidationError("give the file's path") }
        if let versionID, !StoredVersion.isID(versionID) {
            throw ValidationError(
                "'\(versionID)' is not a version ID; IDs look like 20261124-063336-1 (`shoal versions PATH` lists them)")
        }
        if output?.isEmpty == true { throw ValidationError("give the file to write with --output") }
        if force && output == nil {
            throw ValidationError("--force goes with --output; a restore in place always keeps the file it replaces")
        }
    }

    func run() throws {
        let home = try ConfiguredHome(homeOptions)
        let workingDirectory = FileManager.default.currentDirectoryPath
        let file = try FolderFile(path, in: home.config, workingDirectory: workingDirectory)
        let versions = try file.keptVersions()
        guard !versions.isEmpty else { throw VersionsError.noVersions(file.path.string, argument: path) }
        let chosen = versionID.map { id in versions.first { $0.id == id } } ?? versions.last
        guard let version = chosen else {
            throw VersionsError.unknownVersion(versionID!, of: file.path.string, argument: path)
        }
        let disk = try file.folder.openDisk()
        let size = ByteCount(version.stat.size)
        if let output {
            let destination = FolderLocation.absolute(output, from: workingDirectory)
            do {
                try disk.versions.copy(version, toFileAt: destination, replacing: force)
            } catch .destinationExists {
                throw VersionsError.outputExists(destination)
            } catch {
                throw VersionsError.restoreFailed(file.path.string, error)
            }
            print("Wrote version \(version.id) of \(file.path) (\(size)) to \(destination).")
            return
        }
        let replaced: StoredVersion?
        do {
            replaced = try disk.restore(version)
        } catch {
            throw VersionsError.restoreFailed(file.path.string, error)
        }
        print("Restored \(file.path) from version \(version.id) (\(size))\(syncNote(home, file.folder))")
        if let replaced { print("The file that was there is kept as version \(replaced.id).") }
    }

    /// What happens next to the restored file, to end the sentence that says it was restored.
    private func syncNote(_ home: ConfiguredHome, _ folder: FolderConfig) -> String {
        if folder.type == .receiveOnly {
            return ". Folder \(folder.id) is receive-only: the restored file stays on this device."
        }
        if case .notRunning = home.daemon.ask(.status) {
            return ". The daemon is not running: it syncs the file when it starts (`shoal daemon`)."
        }
        return "; the running daemon will sync it."
    }
}
