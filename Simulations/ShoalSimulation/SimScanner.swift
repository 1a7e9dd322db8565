import ShoalCrypto
import ShoalIndex
import ShoalModel

/// Compares a simulated folder with the node's real index and commits the
/// differences through `IndexDatabase.apply`, as the real scanner does for a
/// real folder: new and changed entries become versions of this device,
/// vanished ones tombstones, a touched file with the same content only a
/// new stat.
struct SimScanner {
    let folder: FolderID
    let device: DeviceID
    let chunker: Chunker

    /// Scans once: every entry when `full` (at start), else the paths the
    /// disk reports as changed since the last scan, as a watcher would.
    ///
    /// - Returns: the records the scan created (new versions), in sequence order.
    func scan(_ disk: inout SimDisk, into index: IndexDatabase, full: Bool) throws -> [FileRecord] {
        let changed = disk.takeChanged()
        var known: [RelativePath: IndexedEntry] = [:]
        if full {
            for (text, entry) in try index.indexedEntries(in: folder) { known[try RelativePath(text)] = entry }
        } else {
            for path in changed { known[path] = try index.indexedEntry(in: folder, at: path) }
        }
        let paths = full ? Set(disk.tree.keys).union(known.keys) : changed
        var changes: [LocalChange] = []
        for path in paths.sorted() {
            let indexed = known[path].flatMap { $0.isDeleted ? nil : $0 }
            guard let entry = disk[path] else {
                if indexed != nil { changes.append(.deleted(path)) }
                continue
            }
            if let change = try compare(entry, at: path, with: indexed, in: index) { changes.append(change) }
        }
        guard !changes.isEmpty else { return [] }
        let before = try index.maxSequence(in: folder)
        try index.apply(changes, in: folder, by: device)
        return try index.records(in: folder, after: before)
    }

    /// The change that brings the index's entry up to date with `entry`, if any.
    private func compare(
        _ entry: SimEntry, at path: RelativePath, with known: IndexedEntry?, in index: IndexDatabase
    ) throws -> LocalChange? {
        switch entry.kind {
        case .directory:
            if known?.kind == .directory && known?.permissions == entry.permissions { return nil }
        case .symlink:
            if known?.kind == .symlink && known?.symlinkTarget == entry.symlinkTarget { return nil }
        case .file:
            guard let known, known.kind == .file else { break }
            if known.stat == entry.stat && known.permissions == entry.permissions { return nil }
            let blocks = self.blocks(of: entry.content)
            if known.permissions == entry.permissions, try index.blocks(in: folder, at: path) == blocks {
                return .restatted(path, entry.stat)
            }
            return .changed(observed(path, entry, blocks: blocks))
        }
        return .changed(observed(path, entry))
    }

    /// The blocks the chunker cuts `content` into.
    func blocks(of content: [UInt8]) -> [BlockRef] {
        chunker.blocks(of: content)
    }

    private func observed(_ path: RelativePath, _ entry: SimEntry, blocks: [BlockRef]? = nil) -> ObservedEntry {
        ObservedEntry(
            path: path, kind: entry.kind, permissions: entry.permissions,
            blocks: entry.kind == .file ? blocks ?? self.blocks(of: entry.content) : [],
            symlinkTarget: entry.symlinkTarget, stat: entry.stat)
    }
}
