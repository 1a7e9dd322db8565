import ArgumentParser
import ShoalCrypto

/// `shoal conflicts`: the conflict copies in every folder.
struct ConflictsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts",
        abstract: "List the conflict copies in every folder, with the file each belongs to.",
        discussion: """
            When two devices change a file at once, the losing version is kept beside it as \
            NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.EXT (time in UTC, DEVICE the start of the ID \
            of the device that made it). Compare the two, keep what you want, delete the copy. \
            Reads the folders on disk; the daemon need not run.
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Flag(help: "Print JSON: every folder, with its conflict copies.")
    var json = false

    /// One folder in `--json` output.
    struct FolderConflicts: Encodable {
        var folder: String
        var path: String
        var conflicts: [Copy]
        /// Why the folder could not be read, if it could not.
        var error: String?
    }

    /// One conflict copy in `--json` output.
    struct Copy: Encodable {
        var path: String
        var original: String
        var originalExists: Bool
        var device: String
        var deviceName: String?
        var time: String

        enum CodingKeys: String, CodingKey {
            case path, original, device, time
            case originalExists = "original_exists"
            case deviceName = "device_name"
        }
    }

    func run() throws {
        let home = try ConfiguredHome(homeOptions)
        var report: [FolderConflicts] = []
        for folder in home.config.folders {
            var entry = FolderConflicts(folder: folder.id.rawValue, path: folder.path, conflicts: [])
            do {
                let found = try ConflictCopyFinder.find(in: folder.path)
                entry.conflicts = found.copies.map { copy in
                    Copy(
                        path: copy.path, original: copy.originalPath, originalExists: copy.originalExists,
                        device: copy.name.deviceShortID, deviceName: deviceName(copy.name.deviceShortID, home),
                        time: copy.name.isoTimestamp)
                }
                for problem in found.unreadable { warn("folder \(folder.id): skipped \(problem)") }
            } catch {
                entry.error = "cannot read it: \(error)"
                warn("folder \(folder.id): cannot read \(folder.path): \(error.reason)")
            }
            report.append(entry)
        }
        if json {
            try printJSON(report)
        } else {
            printText(report)
        }
    }

    private func printText(_ report: [FolderConflicts]) {
        guard !report.isEmpty else {
            print("No folders yet; add one with `shoal folder add FOLDER_ID PATH`.")
            return
        }
        let total = report.map(\.conflicts.count).reduce(0, +)
        guard total > 0 else {
            print("No conflict copies in \(report.count) folder\(report.count == 1 ? "" : "s").")
            return
        }
        for folder in report where !folder.conflicts.isEmpty {
            print("\(folder.folder) (\(folder.path)):")
            for copy in folder.conflicts {
                let device = copy.deviceName.map { "\($0) (\(copy.device))" } ?? copy.device
                let original = copy.original + (copy.originalExists ? "" : " (missing)")
                print("  \(copy.path)")
                print("    copy of \(original), by \(device) at \(copy.time)")
            }
        }
        print("\(total) conflict cop\(total == 1 ? "y" : "ies").")
    }

    /// The name of the device whose ID starts with `shortID`, when it is this one or a trusted peer.
    private func deviceName(_ shortID: String, _ home: ConfiguredHome) -> String? {
        if home.deviceID.shortID == shortID { return "this device" }
        let names = home.config.peers.filter { $0.deviceID.shortID == shortID && !$0.name.isEmpty }.map(\.name)
        return names.count == 1 ? names[0] : nil
    }
}
