import ShoalCrypto
import ShoalModel
import ShoalSync

/// The edits a user makes on a node's disk: creates, appends, overwrites of
/// ranges, truncations, deletes, renames, mkdir and rmdir, permission
/// changes and symlinks.
///
/// Names keep kinds apart (`d*` directories, `f*` files, `l*` symlinks), so
/// one path is never a file on one node and a directory on another. Conflict
/// copies are left alone: they are what the invariants look for.
struct Workload {
    static let directories = ["d0", "d1", "d0/d2"]
    static let fileNames = ["f0.txt", "f1.txt", "f2.bin", "f3", "f4.md"]
    static let linkNames = ["l0", "l1"]

    /// A few contents shared by all nodes, so that two nodes sometimes write
    /// the same bytes (identical content is never a conflict).
    let sharedContents: [[UInt8]]

    init(random: inout SimRandom) {
        sharedContents = (0..<3).map { _ in random.bytes(Int(random.below(3000))) }
    }

    /// Makes one random edit on `disk` at `now` (the node's clock).
    ///
    /// - Returns: a short description for the trace.
    func step(on disk: inout SimDisk, random: inout SimRandom, now: Int64) -> String {
        let files = disk.tree.keys.sorted().filter { disk.tree[$0]!.kind == .file && !ConflictName.isConflictCopy($0) }
        switch random.below(100) {
        case 0..<30:
            let path = randomFilePath(&random)
            guard ensureParent(of: path, on: &disk, now: now), disk.tree[path]?.kind ?? .file == .file else { return "skip" }
            let content = random.chance(25) ? random.pick(sharedContents) : random.bytes(randomSize(&random))
            write(content, at: path, on: &disk, now: now)
            return "write \(path) \(content.count)"
        case 30..<42:
            guard let path = files.isEmpty ? nil : random.pick(files) else { return "skip" }
            write(disk.tree[path]!.content + random.bytes(1 + random.below(2000)), at: path, on: &disk, now: now)
            return "append \(path)"
        case 42..<54:
            guard let path = files.isEmpty ? nil : random.pick(files) else { return "skip" }
            var content = disk.tree[path]!.content
            guard !content.isEmpty else { return "skip" }
            let start = random.below(content.count)
            let length = min(content.count - start, 1 + random.below(500))
            content.replaceSubrange(start..<start + length, with: random.bytes(length))
            write(content, at: path, on: &disk, now: now)
            return "overwrite \(path) \(start)+\(length)"
        case 54..<60:
            guard let path = files.isEmpty ? nil : random.pick(files) else { return "skip" }
            let content = disk.tree[path]!.content
            write(Array(content.prefix(random.below(content.count + 1))), at: path, on: &disk, now: now)
            return "truncate \(path)"
        case 60..<72:
            guard let path = files.isEmpty ? nil : random.pick(files) else { return "skip" }
            disk[path] = nil
            return "delete \(path)"
        case 72..<80:
            guard let from = files.isEmpty ? nil : random.pick(files) else { return "skip" }
            let to = randomFilePath(&random)
            guard disk.tree[to] == nil, ensureParent(of: to, on: &disk, now: now) else { return "skip" }
            disk[to] = disk[from]
            disk[from] = nil
            return "rename \(from) \(to)"
        case 80..<86:
            let path = try! RelativePath(random.pick(Self.directories))
            guard disk.tree[path] == nil, ensureParent(of: path, on: &disk, now: now) else { return "skip" }
            disk[path] = SimEntry(kind: .directory, permissions: 0o755, modifiedNanoseconds: now, inode: disk.newInode())
            return "mkdir \(path)"
        case 86..<90:
            let path = try! RelativePath(random.pick(Self.directories))
            guard disk.tree[path]?.kind == .directory, !disk.hasChildren(path) else { return "skip" }
            disk[path] = nil
            return "rmdir \(path)"
        case 90..<96:
            guard let path = files.isEmpty ? nil : random.pick(files) else { return "skip" }
            disk[path]!.permissions = random.pick([0o644, 0o600, 0o755] as [UInt32])
            return "chmod \(path)"
        default:
            let directory = random.pick(["", "d0/"])
            let path = try! RelativePath(directory + random.pick(Self.linkNames))
            guard ensureParent(of: path, on: &disk, now: now) else { return "skip" }
            if disk.tree[path] != nil {
                disk[path] = nil
                return "unlink \(path)"
            }
            disk[path] = SimEntry(
                kind: .symlink, permissions: 0, modifiedNanoseconds: now, inode: disk.newInode(),
                symlinkTarget: random.pick(Self.fileNames))
            return "symlink \(path)"
        }
    }

    private func randomFilePath(_ random: inout SimRandom) -> RelativePath {
        let directory = random.pick(["", "", "d0/", "d1/", "d0/d2/"])
        return try! RelativePath(directory + random.pick(Self.fileNames))
    }

    private func randomSize(_ random: inout SimRandom) -> Int {
        random.chance(10) ? 4000 + random.below(12000) : random.below(2500)
    }

    /// Writes a file in place: the inode stays, the mtime always moves on.
    private func write(_ content: [UInt8], at path: RelativePath, on disk: inout SimDisk, now: Int64) {
        if var entry = disk.tree[path] {
            entry.content = content
            entry.modifiedNanoseconds = max(now, entry.modifiedNanoseconds + 1)
            disk[path] = entry
        } else {
            disk[path] = SimEntry(kind: .file, content: content, permissions: 0o644, modifiedNanoseconds: now, inode: disk.newInode())
        }
    }

    /// Creates missing parent directories, as `mkdir -p`; false when a
    /// parent is not a directory.
    private func ensureParent(of path: RelativePath, on disk: inout SimDisk, now: Int64) -> Bool {
        guard let parent = path.parent else { return true }
        guard ensureParent(of: parent, on: &disk, now: now) else { return false }
        switch disk.tree[parent]?.kind {
        case .directory: return true
        case nil:
            disk[parent] = SimEntry(kind: .directory, permissions: 0o755, modifiedNanoseconds: now, inode: disk.newInode())
            return true
        default: return false
        }
    }
}
