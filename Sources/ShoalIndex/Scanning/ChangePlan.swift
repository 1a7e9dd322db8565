import ShoalModel

/// Compares what a walk found with what the index holds and collects the
/// resulting `LocalChange`s.
struct ChangePlan {
    private let known: [String: IndexedEntry]
    private let storedBlocks: (RelativePath) throws -> [BlockRef]
    private var seen: Set<String> = []
    private var pending: [(path: RelativePath, change: LocalChange)] = []

    /// - Parameter storedBlocks: loads the indexed blocks of a known file.
    init(known: [String: IndexedEntry], storedBlocks: @escaping (RelativePath) throws -> [BlockRef]) {
        self.known = known
        self.storedBlocks = storedBlocks
    }

    /// The changes, in path order, so parents come before their children.
    var changes: [LocalChange] {
        pending.sorted { $0.path < $1.path }.map(\.change)
    }

    /// Whether the index holds a live file at `path`.
    func isKnownFile(_ path: RelativePath) -> Bool {
        guard let old = known[path.string] else { return false }
        return !old.isDeleted && old.kind == .file
    }

    /// Whether `entry` is a file whose content must be read: new, or its
    /// size, mtime or inode differ from the last scan.
    func needsHashing(_ entry: WalkedEntry) -> Bool {
        entry.kind == .file && !(isKnownFile(entry.path) && known[entry.path.string]!.stat == entry.stat)
    }

    /// Records a change for an entry whose content is not read: a directory, a
    /// symlink, or a file that looks unchanged but may have new permissions.
    mutating func compareMetadata(_ entry: WalkedEntry) throws {
        seen.insert(entry.path.string)
        guard let old = known[entry.path.string], !old.isDeleted, old.kind == entry.kind else {
            add(.changed(observation(entry, blocks: [])), at: entry.path)
            return
        }
        guard old.permissions != entry.permissions || old.symlinkTarget != entry.symlinkTarget else { return }
        let blocks = entry.kind == .file ? try storedBlocks(entry.path) : []
        add(.changed(observation(entry, blocks: blocks)), at: entry.path)
    }

    /// Records a change for a file whose content was just hashed: none if the
    /// content and permissions are what the index holds.
    mutating func compareContent(_ entry: WalkedEntry, blocks: [BlockRef]) throws {
        seen.insert(entry.path.string)
        if isKnownFile(entry.path), known[entry.path.string]!.permissions == entry.permissions,
            try storedBlocks(entry.path) == blocks
        {
            add(.restatted(entry.path, entry.stat), at: entry.path)
        } else {
            add(.changed(observation(entry, blocks: blocks)), at: entry.path)
        }
    }

    /// Keeps the record of `path` as it is: the entry exists but could not be read.
    mutating func keep(_ path: RelativePath) {
        seen.insert(path.string)
    }

    /// Turns every live record the walk did not see into a tombstone, except
    /// those under a directory the walk could not list, ignored ones, and
    /// those the walk had to skip.
    mutating func markMissing(after walk: WalkResult, rules: IgnoreRules) {
        for (text, old) in known where !old.isDeleted && !seen.contains(text) && !walk.kept.contains(text) {
            guard let path = try? RelativePath(text),
                !walk.unlistable.contains(where: { path.isWithin($0) && path != $0 }),
                !rules.isIgnored(text, isDirectory: old.kind == .directory)
            else { continue }
            add(.deleted(path), at: path)
        }
    }

    private mutating func add(_ change: LocalChange, at path: RelativePath) {
        pending.append((path, change))
    }

    private func observation(_ entry: WalkedEntry, blocks: [BlockRef]) -> ObservedEntry {
        ObservedEntry(
            path: entry.path, kind: entry.kind, permissions: entry.permissions, blocks: blocks,
            symlinkTarget: entry.symlinkTarget, stat: entry.stat)
    }
}
