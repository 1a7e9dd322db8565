import Foundation
import ShoalRuntime

/// `shoal versions --deleted FOLDER_ID`: removed files with kept versions.
extension VersionsCommand {
    /// One removed file in `--json` output.
    struct DeletedFile: Encodable {
        /// Its path relative to the folder root; `null` when its name was
        /// too long and was stored cut, so it cannot be known.
        var path: String?
        /// Where its versions are: `.shoal/versions/DIR/BASE`, each one this plus `~ID`.
        var stored: String
        /// The newest version's ID, time (ISO 8601, UTC) and size.
        var id: String
        var time: String
        var size: Int64
        /// How many versions are kept.
        var versions: Int
        var source: String
        var folder: String

        enum CodingKeys: String, CodingKey {
            case path, stored, id, time, size, versions, source, folder
        }

        /// Like the synthesized encoding, but with `"path": null` for a cut name.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(path, forKey: .path)
            try container.encode(stored, forKey: .stored)
            try container.encode(id, forKey: .id)
            try container.encode(time, forKey: .time)
            try container.encode(size, forKey: .size)
            try container.encode(versions, forKey: .versions)
            try container.encode(source, forKey: .source)
            try container.encode(folder, forKey: .folder)
        }
    }

    /// Lists the files of `folder` that have kept versions but are gone.
    func listDeleted(in folder: FolderConfig) throws {
        let disk = try folder.openDisk()
        let kept: [KeptFile]
        do {
            kept = try disk.versions.keptFiles()
        } catch {
            throw VersionsError.unreadable(folder, error.description)
        }
        let rows = kept.filter { !$0.exists && !$0.versions.isEmpty }.map { file in
            let newest = file.versions.last!
            return DeletedFile(
                path: file.path?.string, stored: file.storedName, id: newest.id, time: newest.isoTimestamp,
                size: newest.stat.size, versions: file.versions.count, source: "local", folder: folder.id.rawValue)
        }
        if json {
            try printJSON(rows)
            return
        }
        guard !rows.isEmpty else {
            print("No removed files with kept versions in folder \(folder.id).")
            return
        }
        print("Removed files with kept versions in folder \(folder.id) (\(folder.path)):")
        var table = TextTable(header: ["PATH", "NEWEST ID", "TIME", "SIZE", "VERSIONS"])
        for row in rows {
            table.append([
                row.path ?? row.stored + " *", row.id, row.time, ByteCount(row.size).description, String(row.versions),
            ])
        }
        print(table.text)
        if rows.contains(where: { $0.path == nil }) {
            print(
                "* A name too long to store whole was cut, so its path is not known: copy a version out by hand "
                    + "from \(folder.path)/STORED~ID.")
        }
        print("Bring one back with `shoal restore PATH` (its newest version) or pick one with `shoal versions PATH`.")
    }
}
