import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalSync

/// One entry of a simulated folder.
struct SimEntry: Equatable {
    var kind: FileKind
    var content: [UInt8] = []
    var permissions: UInt32
    var modifiedNanoseconds: Int64
    var inode: UInt64
    var symlinkTarget: String? = nil

    var stat: LocalStat {
        LocalStat(size: Int64(content.count), modifiedNanoseconds: modifiedNanoseconds, inode: inode)
    }
}

/// A node's folder on a simulated disk: the tree, the temporary files of
/// pulls in progress, and the version store.
///
/// Temporary files and the version store live outside the tree, as `.shoal`
/// does outside what is synced. Everything survives a crash except what the
/// operation in progress had not done yet.
struct SimDisk {
    /// The folder's entries; changed only through `subscript(_:)`.
    private(set) var tree: [RelativePath: SimEntry] = [:]
    /// Paths changed since a scan last took them: what inotify would report.
    private(set) var changed: Set<RelativePath> = []
    var temporaries: [RelativePath: [UInt8]] = [:]
    /// Replaced and removed file contents kept by sync, oldest first.
    var versionStore: [(path: RelativePath, hash: ContentHash)] = []
    private var nextInode: UInt64 = 1

    /// The entry at `path`; setting it records the path as changed.
    subscript(path: RelativePath) -> SimEntry? {
        get { tree[path] }
        set {
            tree[path] = newValue
            changed.insert(path)
        }
    }

    /// The paths changed since the last call.
    mutating func takeChanged() -> Set<RelativePath> {
        defer { changed = [] }
        return changed
    }

    mutating func newInode() -> UInt64 {
        defer { nextInode += 1 }
        return nextInode
    }

    func hasParent(_ path: RelativePath) -> Bool {
        guard let parent = path.parent else { return true }
        return tree[parent]?.kind == .directory
    }

    func hasChildren(_ path: RelativePath) -> Bool {
        tree.keys.contains { $0.parent == path }
    }

    // MARK: - The engine's operations

    /// What an operation did to content, for the invariants.
    struct Effect {
        var outcome: DiskOutcome
        /// File contents sync removed from the tree without keeping them.
        var discarded: [ContentHash] = []
        /// A conflict copy was made.
        var conflictCopy = false
    }

    /// Carries out `operation` now, or fails with `fault` when one is injected.
    mutating func perform(_ operation: DiskOperation, fault: DiskError?) -> Effect {
        switch operation {
        case .readBlock(let path, let offset, let size):
            guard let entry = tree[path], entry.kind == .file, offset >= 0, Int(offset) + size <= entry.content.count
            else { return Effect(outcome: .failed(.sourceChanged)) }
            return Effect(outcome: .data(Array(entry.content[Int(offset)..<Int(offset) + size])))
        case .writeTemporary(let target, let offset, let data):
            if let fault { return Effect(outcome: .failed(fault)) }
            var bytes = temporaries[target] ?? []
            let end = Int(offset) + data.count
            if bytes.count < end { bytes += [UInt8](repeating: 0, count: end - bytes.count) }
            bytes.replaceSubrange(Int(offset)..<end, with: data)
            temporaries[target] = bytes
            return Effect(outcome: .done(stat: nil))
        case .commitFile(let target, let expected, let permissions, let mtime, let keep, let conflictCopy):
            if let fault { return Effect(outcome: .failed(fault)) }
            return commit(target, expected, permissions, mtime, keep, conflictCopy)
        case .discardTemporary(let target):
            temporaries[target] = nil
            return Effect(outcome: .done(stat: nil))
        case .removeAllTemporaries:
            temporaries = [:]
            return Effect(outcome: .done(stat: nil))
        case .makeDirectory(let path, let permissions, let expected):
            if let fault { return Effect(outcome: .failed(fault)) }
            return replace(path, expected, keep: true) { disk, old in
                SimEntry(
                    kind: .directory, permissions: permissions, modifiedNanoseconds: old?.modifiedNanoseconds ?? 0,
                    inode: old?.kind == .directory ? old!.inode : disk.newInode())
            }
        case .makeSymlink(let path, let target, let expected):
            if let fault { return Effect(outcome: .failed(fault)) }
            return replace(path, expected, keep: true) { disk, _ in
                SimEntry(kind: .symlink, permissions: 0, modifiedNanoseconds: 0, inode: disk.newInode(), symlinkTarget: target)
            }
        case .setPermissions(let path, let permissions, let expected):
            guard matches(tree[path], expected), tree[path]?.kind == .file else { return Effect(outcome: .failed(.targetChanged)) }
            self[path]!.permissions = permissions
            return Effect(outcome: .done(stat: tree[path]!.stat))
        case .remove(let path, let expected, let keep):
            if let fault { return Effect(outcome: .failed(fault)) }
            guard matches(tree[path], expected) else { return Effect(outcome: .failed(.targetChanged)) }
            guard let old = tree[path] else { return Effect(outcome: .done(stat: nil)) }
            if old.kind == .directory, hasChildren(path) { return Effect(outcome: .failed(.directoryNotEmpty)) }
            self[path] = nil
            return Effect(outcome: .done(stat: nil), discarded: keepOrDiscard(old, at: path, keep: keep))
        }
    }

    private mutating func commit(
        _ target: RelativePath, _ expected: ExpectedEntry, _ permissions: UInt32, _ mtime: Int64, _ keep: Bool,
        _ conflictCopy: RelativePath?
    ) -> Effect {
        guard hasParent(target) else { return Effect(outcome: .failed(.io("the parent directory is missing"))) }
        guard matches(tree[target], expected) else { return Effect(outcome: .failed(.targetChanged)) }
        let old = tree[target]
        if let old, old.kind == .directory, hasChildren(target) { return Effect(outcome: .failed(.directoryNotEmpty)) }
        var effect = Effect(outcome: .done(stat: nil))
        if let conflictCopy, let old, old.kind == .file {
            guard tree[conflictCopy] == nil else { return Effect(outcome: .failed(.targetChanged)) }
            self[conflictCopy] = old  // a rename: same inode, same mtime
            effect.conflictCopy = true
        } else if let old {
            effect.discarded = keepOrDiscard(old, at: target, keep: keep)
        }
        let entry = SimEntry(
            kind: .file, content: temporaries.removeValue(forKey: target) ?? [], permissions: permissions,
            modifiedNanoseconds: mtime, inode: newInode())
        self[target] = entry
        effect.outcome = .done(stat: entry.stat)
        return effect
    }

    /// Puts a new entry at `path` after checking what is there, keeping a
    /// replaced file.
    private mutating func replace(
        _ path: RelativePath, _ expected: ExpectedEntry, keep: Bool, make: (inout SimDisk, SimEntry?) -> SimEntry
    ) -> Effect {
        guard hasParent(path) else { return Effect(outcome: .failed(.io("the parent directory is missing"))) }
        guard matches(tree[path], expected) else { return Effect(outcome: .failed(.targetChanged)) }
        let old = tree[path]
        if let old, old.kind == .directory, hasChildren(path), expected != .directory {
            return Effect(outcome: .failed(.directoryNotEmpty))
        }
        let discarded = old.map { keepOrDiscard($0, at: path, keep: keep && $0.kind == .file) } ?? []
        let entry = make(&self, old)
        self[path] = entry
        return Effect(outcome: .done(stat: entry.stat), discarded: discarded)
    }

    private mutating func keepOrDiscard(_ old: SimEntry, at path: RelativePath, keep: Bool) -> [ContentHash] {
        guard old.kind == .file else { return [] }
        let hash = ContentHash.of(old.content)
        if keep {
            versionStore.append((path, hash))
            return []
        }
        return [hash]
    }

    /// Whether `entry` is what the engine expects at its path.
    func matches(_ entry: SimEntry?, _ expected: ExpectedEntry) -> Bool {
        switch expected {
        case .absent: entry == nil
        case .file(let stat): entry?.kind == .file && entry?.stat == stat
        case .directory: entry?.kind == .directory
        case .symlink(let target): entry?.kind == .symlink && entry?.symlinkTarget == target
        }
    }
}
