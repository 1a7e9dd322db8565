import ArgumentParser
import Foundation
import ShoalModel
import ShoalRuntime

/// `shoal versions PATH` and `shoal versions --deleted FOLDER_ID`: the old
/// versions this device keeps of a file, or the removed files that have some.
struct VersionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "versions",
        abstract: "List the kept old versions of a file, or the removed files that have some.",
        discussion: """
            When sync replaces or removes a file, the old one is kept in the folder's version store, \
            .shoal/versions (a folder's `versions` setting in config.json says how many and how long). \
            Each version has an ID, YYYYMMDD-HHMMSS-N: when it was kept (UTC), and a count within that \
            second. Bring one back with `shoal restore PATH --version ID`. Reads the folder on disk; \
            the daemon need not run.
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "A file in a synced folder, absolute or relative to the current directory.")
    var path: String?

    @Option(
        name: .customLong("deleted"),
        help: ArgumentHelp("List the files of this folder that are gone but have kept versions.", valueName: "folder-id"))
    var deletedFolder: String?

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        switch (path, deletedFolder) {
        case (nil, nil):
            throw ValidationError("give a file's PATH, or --deleted FOLDER_ID")
        case (.some, .some):
            throw ValidationError("give a file's PATH or --deleted FOLDER_ID, not both")
        case (nil, .some(let id)):
            do { _ = try FolderID(id) } catch { throw ValidationError("\(error)") }
        case (.some(let path), nil):
            if path.isEmpty { throw ValidationError("give a file's path") }
        }
    }

    /// One version in `--json` output.
    struct Version: Encodable {
        var id: String
        /// When it was kept, ISO 8601 in UTC.
        var time: String
        var size: Int64
        /// Where it is kept: `local`, this device's version store.
        var source: String
        /// The file's path relative to the folder root.
        var path: String
        var folder: String
    }

    func run() throws {
        let home = try ConfiguredHome(homeOptions)
        if let deletedFolder {
            let id = try FolderID(deletedFolder)
            guard let folder = home.config.folder(id) else { throw FolderError.unknown(id) }
            try listDeleted(in: folder)
            return
        }
        let file = try FolderFile(path!, in: home.config, workingDirectory: FileManager.default.currentDirectoryPath)
        let versions = try file.keptVersions().reversed()
        let rows = versions.map { version in
            Version(
                id: version.id, time: version.isoTimestamp, size: version.stat.size, source: "local",
                path: file.path.string, folder: file.folder.id.rawValue)
        }
        if json {
            try printJSON(rows)
            return
        }
        guard !rows.isEmpty else {
            print("No versions of \(file.path) in folder \(file.folder.id) are kept.")
            return
        }
        print("Versions of \(file.path) in folder \(file.folder.id), newest first:")
        var table = TextTable(header: ["ID", "TIME", "SIZE", "SOURCE"])
        for row in rows { table.append([row.id, row.time, ByteCount(row.size).description, row.source]) }
        print(table.text)
        print("Bring one back with `shoal restore PATH --version ID` (without --version: the newest).")
    }
}
