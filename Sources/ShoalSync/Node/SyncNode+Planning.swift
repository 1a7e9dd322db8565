import ShoalCrypto
import ShoalIndex
import ShoalModel

/// Deciding, path by path, what to change on disk so the folder matches the
/// winning versions.
extension SyncNode {
    /// Looks at every dirty path of `id`, parents before children, and gives
    /// free pull slots to waiting files. A file admitted may need nothing
    /// after all, so admission repeats while slots stay free (a few rounds;
    /// what is left goes on at the next event).
    mutating func plan(_ id: FolderID) {
        // Removals that waited for pulls to copy their blocks are decided
        // again once no pull runs.
        if let folder = folders[id], !folder.deferredRemovals.isEmpty, folder.pulls.isEmpty, folder.slotQueue.isEmpty {
            folders[id]?.dirty.formUnion(folder.deferredRemovals)
            folders[id]?.deferredRemovals = []
        }
        for _ in 0..<4 {
            lookAtDirtyPaths(id)
            guard admitQueuedPulls(id) else { break }
        }
        if folders[id]?.waiting.isEmpty == false {
            scheduleRetry(id)  // in case no connection, index or scan wakes them first
        }
    }

    private mutating func lookAtDirtyPaths(_ id: FolderID) {
        guard let folder = folders[id] else { return }
        folders[id]?.dirty = []
        // Removals go last, so a rename's new name starts its pull (from the
        // old name's blocks) before the old name is looked at.
        let paths = folder.dirty.sorted()
        let isRemoval = paths.map { folder.winner(at: $0)?.isDeleted == true }
        let ordered = zip(paths, isRemoval).filter { !$0.1 }.map(\.0) + zip(paths, isRemoval).filter(\.1).map(\.0)
        for path in ordered {
            guard let current = folders[id], !current.busy.contains(path) else { continue }
            if let pull = current.pulls[path] {
                // A pull under way asks for the blocks it could not ask for
                // before (a peer is back, another index holds the version).
                guard !pull.committing else { continue }
                advancePull(path, in: id)
                guard folders[id]?.pulls[path] == nil else { continue }  // else overtaken: decide again
            }
            evaluate(path, in: id)
        }
    }

    /// Decides what to do about one path and starts doing it.
    private mutating func evaluate(_ path: RelativePath, in id: FolderID) {
        guard let folder = folders[id], let winner = folder.winner(at: path) else { return }
        let local = folder.local[path]
        if folder.configuration.type == .sendOnly { return }  // counted as out of sync in `status`
        if folder.configuration.type == .receiveOnly, let local, isLocalChange(local, in: folder) {
            // A local change of a receive-only folder is kept until reverted.
            if folders[id]?.reverting.remove(path) != nil { revert(local, in: folder) }
            return
        }
        switch Resolution.decision(local: local, winner: winner) {
        case .nothing:
            return
        case .merge:
            var merged = winner
            merged.version = winner.version.merged(with: local!.version)
            storeApplied(merged, stat: localStat(at: path, in: id))
        case .apply(let conflict):
            apply(winner, over: local, conflict: conflict, in: folder)
        }
    }

    /// Undoes a local change of a receive-only folder: the peers' version
    /// comes back, or an entry only this device ever had goes. Either way
    /// the local file goes to the version store.
    private mutating func revert(_ local: FileRecord, in folder: FolderState) {
        if let theirs = Resolution.winner(of: folder.remoteRecords(at: local.path)) {
            apply(theirs, over: local, conflict: false, in: folder)
            return
        }
        guard !local.isDeleted else { return }
        let gone = FileRecord(
            folder: folder.id, path: local.path, kind: local.kind, size: 0, permissions: 0,
            modifiedNanoseconds: local.modifiedNanoseconds,
            version: local.version.incremented(for: device, atLeast: folder.localSequence + 1), isDeleted: true,
            sequence: 0, modifiedBy: device)
        apply(gone, over: local, conflict: false, in: folder)
    }

    private mutating func apply(_ winner: FileRecord, over local: FileRecord?, conflict: Bool, in folder: FolderState) {
        let path = winner.path
        let localIsLive = local.map { !$0.isDeleted } ?? false
        if winner.isDeleted {
            guard let local, localIsLive else {
                storeApplied(winner, stat: nil)  // already gone here: only the record changes
                return
            }
            if local.kind == .directory {
                if folder.hasLiveDescendant(of: path) {
                    reassertDirectory(local, over: winner)
                    return
                }
                if folder.local.contains(where: { $0.key.isWithin(path) && $0.key != path && !$0.value.isDeleted }) {
                    folders[folder.id]?.waiting.insert(path)  // its children go first
                    return
                }
            }
            if local.kind == .file, folder.pullsNeedBlocks(of: local) {
                folders[folder.id]?.deferredRemovals.insert(path)
                return
            }
            let removal = DiskOperation.remove(
                path: path, expected: expected(local, in: folder.id), keepRemoved: local.kind == .file)
            startApplying(winner, removal, in: folder.id)
            return
        }
        guard folder.hasParent(of: path) else {
            folders[folder.id]?.waiting.insert(path)
            return
        }
        let expectation = expected(local, in: folder.id)
        switch winner.kind {
        case .directory:
            if let local, localIsLive, local.kind == .directory, local.permissions == winner.permissions {
                storeApplied(winner, stat: nil)
            } else {
                startApplying(
                    winner, .makeDirectory(path: path, permissions: winner.permissions, expected: expectation),
                    in: folder.id)
            }
        case .symlink:
            startApplying(
                winner, .makeSymlink(path: path, target: winner.symlinkTarget ?? "", expected: expectation),
                in: folder.id)
        case .file:
            if let local, localIsLive, local.kind == .file, local.blocks == winner.blocks {
                // Same bytes: at most the permissions change, and there is
                // nothing to keep as a conflict copy.
                if local.permissions == winner.permissions {
                    storeApplied(winner, stat: localStat(at: path, in: folder.id))
                } else {
                    startApplying(
                        winner, .setPermissions(path: path, permissions: winner.permissions, expected: expectation),
                        in: folder.id)
                }
                return
            }
            let conflictCopy = conflict ? conflictCopyPath(for: local!, in: folder) : nil
            startPull(
                winner, expected: expectation, conflictCopy: conflictCopy,
                keepReplaced: localIsLive && local?.kind == .file, in: folder.id)
        }
    }

    /// Where the losing local file `loser` is kept: its conflict name, or the
    /// distinct variant when another content holds that name; `nil` when a
    /// copy with its content is there already or no name fits. The replaced
    /// file goes to the version store either way (`keepReplaced`).
    private mutating func conflictCopyPath(for loser: FileRecord, in folder: FolderState) -> RelativePath? {
        for distinct in [false, true] {
            let candidate: RelativePath
            do {
                candidate = try ConflictName.path(for: loser, distinct: distinct)
            } catch {
                output.append(.log(.warning, "no conflict copy of \(loser.path) fits (\(error)); it is kept in the version store"))
                return nil
            }
            guard let existing = folder.local[candidate], !existing.isDeleted else { return candidate }
            if existing.kind == .file && existing.blocks == loser.blocks { return nil }
        }
        output.append(.log(.warning, "both conflict names of \(loser.path) are taken; it is kept in the version store"))
        return nil
    }

    /// A directory deleted elsewhere still holds entries that live: it
    /// stays, as a new version that descends from the deletion.
    private mutating func reassertDirectory(_ local: FileRecord, over deletion: FileRecord) {
        var kept = local
        let next = (folders[local.folder]?.localSequence ?? 0) + 1
        kept.version = deletion.version.merged(with: local.version).incremented(for: device, atLeast: next)
        kept.modifiedBy = device
        storeApplied(kept, stat: localStat(at: local.path, in: local.folder))
    }

    private mutating func startApplying(_ record: FileRecord, _ operation: DiskOperation, in id: FolderID) {
        folders[id]?.busy.insert(record.path)
        perform(operation, in: id, for: .apply(id, record, replaces: folders[id]?.local[record.path]?.version))
    }

    /// What the last scan saw at `path`, from the index's stat cache.
    mutating func localStat(at path: RelativePath, in id: FolderID) -> LocalStat? {
        attempt("read the stat of \(path)", { try $0.localStat(in: id, at: path) }).flatMap { $0 }
    }

    /// What the disk must hold at the local record's path for a change to go ahead.
    mutating func expected(_ local: FileRecord?, in id: FolderID) -> ExpectedEntry {
        guard let local, !local.isDeleted else { return .absent }
        switch local.kind {
        case .directory:
            return .directory
        case .symlink:
            return .symlink(target: local.symlinkTarget ?? "")
        case .file:
            let stat = localStat(at: local.path, in: id)
            return .file(stat ?? LocalStat(size: local.size, modifiedNanoseconds: local.modifiedNanoseconds, inode: 0))
        }
    }
}
