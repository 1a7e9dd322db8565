import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalSync

/// What must hold at the end of every run, after healing and quiescence.
struct Invariants {
    let world: World

    /// A description of the first invariant that does not hold, or `nil`.
    func firstViolation() -> String? {
        if !world.queue.isEmpty { return "the world did not go quiet" }
        if let down = world.nodes.first(where: { !$0.isUp }) { return "\(down.name) is not running" }
        return noTemporaries() ?? indexMatchesDisk() ?? sameVersions() ?? sameTree() ?? nothingDiscarded()
            ?? conflictLosersKept()
    }

    /// Every node holds the same tree: paths, kinds, content, modes, link targets.
    private func sameTree() -> String? {
        let reference = summary(of: world.nodes[0].disk)
        for node in world.nodes.dropFirst() {
            let other = summary(of: node.disk)
            guard other != reference else { continue }
            let paths = Set(reference.keys).union(other.keys).sorted()
            let differing = paths.filter { reference[$0] != other[$0] }.prefix(5)
            let details = differing.map { path in
                "\(path): n0 \(reference[path] ?? "absent") vs \(node.name) \(other[path] ?? "absent"); records: "
                    + world.nodes.map { "\($0.name) \(record(at: path, on: $0))" }.joined(separator: ", ")
            }
            return "trees differ between n0 and \(node.name): " + details.joined(separator: "; ")
        }
        return nil
    }

    private func record(at path: RelativePath, on node: SimNode) -> String {
        guard let record = try? node.index.record(in: World.folder, at: path) else { return "none" }
        return Self.describe(record) + " \(record.blocks.first?.hash.hex.prefix(6) ?? "-")"
    }

    private func summary(of disk: SimDisk) -> [RelativePath: String] {
        disk.tree.mapValues { entry in
            switch entry.kind {
            case .file: "file \(ContentHash.of(entry.content).hex.prefix(12)) \(String(entry.permissions, radix: 8))"
            case .directory: "dir \(String(entry.permissions, radix: 8))"
            case .symlink: "symlink -> \(entry.symlinkTarget ?? "")"
            }
        }
    }

    private func noTemporaries() -> String? {
        for node in world.nodes where !node.disk.temporaries.isEmpty {
            return "\(node.name) still has temporary files for \(node.disk.temporaries.keys.sorted())"
        }
        return nil
    }

    /// Each node's index describes exactly what is on its disk.
    private func indexMatchesDisk() -> String? {
        for node in world.nodes {
            guard let records = try? node.index.records(in: World.folder) else { return "\(node.name): index unreadable" }
            let live = Dictionary(uniqueKeysWithValues: records.filter { !$0.isDeleted }.map { ($0.path, $0) })
            let scanner = world.scanner[node.number]
            for (path, entry) in node.disk.tree.sorted(by: { $0.key < $1.key }) {
                guard let record = live[path] else { return "\(node.name): \(path) is on disk but not in the index" }
                let agrees =
                    record.kind == entry.kind && record.symlinkTarget == entry.symlinkTarget
                    && (entry.kind == .symlink || record.permissions == entry.permissions)
                    && (entry.kind != .file || record.blocks == scanner.blocks(of: entry.content))
                if !agrees { return "\(node.name): the index disagrees with the disk at \(path)" }
            }
            if let missing = live.keys.sorted().first(where: { node.disk.tree[$0] == nil }) {
                return "\(node.name): \(missing) is in the index but not on disk"
            }
        }
        return nil
    }

    /// Every node ends on the same version of every path.
    private func sameVersions() -> String? {
        guard let reference = try? world.nodes[0].index.records(in: World.folder) else { return "n0: index unreadable" }
        let byPath = Dictionary(uniqueKeysWithValues: reference.map { ($0.path, $0) })
        for node in world.nodes.dropFirst() {
            guard let records = try? node.index.records(in: World.folder) else { return "\(node.name): index unreadable" }
            for record in records where byPath[record.path]?.version != record.version {
                return "\(node.name) holds another version of \(record.path) than n0: "
                    + "\(Self.describe(record)) vs \(byPath[record.path].map(Self.describe) ?? "none")"
            }
        }
        return nil
    }

    static func describe(_ record: FileRecord) -> String {
        let version = record.version.entries.map { "\($0.device.shortID):\($0.counter)" }.joined(separator: ",")
        return "[\(version)]\(record.isDeleted ? " deleted" : "") by \(record.modifiedBy.shortID)"
    }

    /// Content that sync removed without keeping still exists somewhere.
    private func nothingDiscarded() -> String? {
        guard !world.discarded.isEmpty else { return nil }
        var present = Set<ContentHash>()
        for node in world.nodes {
            for entry in node.disk.tree.values where entry.kind == .file { present.insert(ContentHash.of(entry.content)) }
            for kept in node.disk.versionStore { present.insert(kept.hash) }
        }
        if let lost = world.discarded.first(where: { !present.contains($0) }) {
            return "sync discarded content \(lost.hex.prefix(12)) that exists nowhere any more"
        }
        return nil
    }

    /// A version that lost a conflict is still a current file: its content
    /// is a conflict copy (or another current file), never only history.
    /// A version lost a conflict when no later version descends from it (no
    /// user edit or deletion superseded it) and it is concurrent with the
    /// final one. Its bytes were carried on when a version in the final
    /// one's line of descent has them (concurrent mode changes of the same
    /// bytes need no copy); what the user did to that line later is theirs.
    private func conflictLosersKept() -> String? {
        guard let records = try? world.nodes[0].index.records(in: World.folder) else { return "n0: index unreadable" }
        let final = Dictionary(uniqueKeysWithValues: records.map { ($0.path, $0) })
        let current = Set(world.nodes[0].disk.tree.values.filter { $0.kind == .file }.map { world.scanner[0].blocks(of: $0.content) })
        for path in world.history.keys.sorted() {
            guard let winner = final[path] else { return "n0 has no record of \(path), which was written" }
            let versions = world.history[path]!
            let carried = Set(versions.filter { winner.version.compare(to: $0.version) != .concurrent }.map(\.blocks))
            for version in versions where version.kind == .file && !version.isDeleted && !carried.contains(version.blocks) {
                let superseded = versions.contains { $0.version.compare(to: version.version) == .newer }
                guard !superseded, winner.version.compare(to: version.version) == .concurrent else { continue }
                if !current.contains(version.blocks) {
                    return "the version of \(path) by \(version.modifiedBy.shortID) lost a conflict and is kept nowhere "
                        + "(\(Self.describe(version)) against the final \(Self.describe(winner)))"
                }
            }
        }
        return nil
    }
}
