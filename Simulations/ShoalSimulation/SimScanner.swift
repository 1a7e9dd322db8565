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

    /// Scans once.
    ///
    /// - Returns: the records the scan created (new versions), in sequence order.
    func scan(_ disk: SimDisk, into index: IndexDatabase) throws -> [FileRecord] {
        let indexed = try index.indexedEntries(in: folder)
        var changes: [LocalChange] = []
        for path in disk.tree.keys.sorted() {
            let entry = disk.tree[path]!
            let known = indexed[path.string].flatMap { $0.isDeleted ? nil : $0 }
            switch entry.kind {
            case .directory:
                if known?.kind != .directory || known?.permissions != entry.permissions {
                    changes.append(.changed(observed(path, entry)))
                }
            case .symlink:
                if known?.kind != .symlink || known?.symlinkTarget != entry.symlinkTarget {
                    changes.append(.changed(observed(path, entry)))
                }
            case .file:
                guard let known, known.kind == .file else {
                    changes.append(.changed(observed(path, entry)))
                    continue
                }
                if known.stat == entry.stat && known.permissions == entry.permissions { continue }
                let blocks = self.blocks(of: entry.content)
                if known.permissions == entry.permissions, try index.blocks(in: folder, at: path) == blocks {
                    changes.append(.restatted(path, entry.stat))
                } else {
                    changes.append(.changed(observed(path, entry, blocks: blocks)))
                }
            }
        }
        for (text, known) in indexed.sorted(by: { $0.key < $1.key }) where !known.isDeleted {
            let path = try RelativePath(text)
            if disk.tree[path] == nil { changes.append(.deleted(path)) }
        }
        guard !changes.isEmpty else { return [] }
        let before = try index.maxSequence(in: folder)
        try index.apply(changes, in: folder, by: device)
        return try index.records(in: folder, after: before)
    }

    /// The blocks the chunker cuts `content` into.
    func blocks(of content: [UInt8]) -> [BlockRef] {
        content.withUnsafeBytes { buffer in
            var blocks: [BlockRef] = []
            var start = 0
            while start < buffer.count {
                let rest = UnsafeRawBufferPointer(rebasing: buffer[start...])
                let length = chunker.cutPoint(in: rest)
                blocks.append(BlockRef(hash: ContentHash.of(UnsafeRawBufferPointer(rebasing: rest[..<length])), size: length))
                start += length
            }
            return blocks
        }
    }

    private func observed(_ path: RelativePath, _ entry: SimEntry, blocks: [BlockRef]? = nil) -> ObservedEntry {
        ObservedEntry(
            path: path, kind: entry.kind, permissions: entry.permissions,
            blocks: entry.kind == .file ? blocks ?? self.blocks(of: entry.content) : [],
            symlinkTarget: entry.symlinkTarget, stat: entry.stat)
    }
}
