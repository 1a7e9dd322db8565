import Foundation
import ShoalCrypto

/// What a folder holds, for comparing devices: every entry (Shoal's own
/// `.shoal` directory left out) with its kind, permissions and content hash
/// or symlink target. Entries that vanish while it is taken are skipped.
struct FolderTreeSnapshot: Equatable, CustomStringConvertible {
    /// One entry.
    struct Entry: Equatable {
        var kind: String
        var permissions: UInt16
        var content: String
    }

    /// Entries by path relative to the folder.
    let entries: [String: Entry]

    init(of root: String) {
        var entries: [String: Entry] = [:]
        let manager = FileManager.default
        var pending = [""]
        while let directory = pending.popLast() {
            let absolute = directory.isEmpty ? root : root + "/" + directory
            for name in (try? manager.contentsOfDirectory(atPath: absolute)) ?? [] {
                let relative = directory.isEmpty ? name : directory + "/" + name
                if relative == ".shoal" { continue }
                let full = root + "/" + relative
                var info = stat()
                guard lstat(full, &info) == 0 else { continue }
                let permissions = UInt16(info.st_mode & 0o7777)
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    entries[relative] = Entry(kind: "dir", permissions: permissions, content: "")
                    pending.append(relative)
                case S_IFLNK:
                    let target = (try? manager.destinationOfSymbolicLink(atPath: full)) ?? "?"
                    entries[relative] = Entry(kind: "symlink", permissions: 0, content: target)
                case S_IFREG:
                    guard let data = manager.contents(atPath: full) else { continue }
                    entries[relative] = Entry(
                        kind: "file", permissions: permissions, content: ContentHash.of([UInt8](data)).description)
                default:
                    continue
                }
            }
        }
        self.entries = entries
    }

    /// Paths that are conflict copies.
    var conflictCopies: [String] { entries.keys.filter { $0.contains(".sync-conflict-") }.sorted() }

    /// Paths of Shoal's temporary files.
    var temporaries: [String] { entries.keys.filter { $0.split(separator: "/").contains { $0.hasPrefix(".shoal-tmp-") } } }

    var description: String {
        entries.keys.sorted().map { "\($0) \(entries[$0]!.kind) \(String(entries[$0]!.content.prefix(12)))" }
            .joined(separator: ", ")
    }
}
