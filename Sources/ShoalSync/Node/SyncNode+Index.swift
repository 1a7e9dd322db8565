import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol

/// Index exchange: what each side has seen of the other, batches out and in.
extension SyncNode {
    mutating func receiveClusterConfig(_ config: ClusterConfig, from peer: DeviceID) {
        // A peer that starts sharing a folder while connected offers it
        // anew. This device's own offer of that folder may have come when
        // the peer did not have it yet and been dropped: it offers again, so
        // the peer learns where to start sending this device's index.
        let offered = Set(config.folders.map(\.folder))
        if let before = peers[peer]?.offered {
            let newlyShared = offered.subtracting(before).filter { folders[$0]?.configuration.devices.contains(peer) == true }
            if !newlyShared.isEmpty { offerFolders(to: peer) }
        }
        peers[peer]?.offered = offered
        for offer in config.folders {
            guard let folder = folders[offer.folder], folder.configuration.devices.contains(peer) else { continue }
            if configuration.isRelay {
                passOnKeptBatches(of: folder.id, to: peer, seen: offer.indexProgress)
                continue
            }
            let seen = offer.indexProgress.first { $0.author == device }?.sequence ?? 0
            // A peer claiming more than exists saw an index this device lost:
            // it gets everything again.
            let after = seen <= folder.localSequence ? seen : 0
            sendIndex(of: folder.id, to: peer, after: after)
        }
    }

    mutating func receiveIndexBatch(_ batch: IndexBatch, from peer: DeviceID) {
        do {
            try authenticator.verify(batch)
        } catch {
            output.append(.disconnect(peer, reason: "\(error)"))
            return
        }
        let isForwarded = batch.author != peer
        if isForwarded, peers[peer]?.isRelay != true {
            output.append(.disconnect(peer, reason: "sent an index batch of \(batch.author), and relaying is not agreed"))
            return
        }
        guard var folder = folders[batch.folder], folder.configuration.devices.contains(peer) else {
            output.append(.log(.warning, "\(peer.shortID) sent an index of folder \(batch.folder), which is not shared with it"))
            return
        }
        // A relay passes on the batches of every device it syncs with; this
        // device takes those of devices it shares the folder with, and
        // never its own back.
        if isForwarded, batch.author == device || !folder.configuration.devices.contains(batch.author) { return }
        var index = folder.remote[batch.author] ?? RemoteIndex()
        for record in batch.records {
            // The same author's batches may come twice (from it and through
            // a relay): a record never replaces a later one of its path.
            if isForwarded, let known = index.records[record.path], known.sequence >= record.sequence { continue }
            index.records[record.path] = record
            folder.dirty.insert(record.path)
        }
        if !isForwarded || batch.after <= index.through { index.through = max(index.through, batch.through) }
        folder.remote[batch.author] = index
        folder.dirty.formUnion(folder.waiting)
        folder.waiting = []
        folders[batch.folder] = folder
        if configuration.isRelay, !isForwarded { keepAndPassOn(batch, from: peer) }
    }

    /// Reads the changes a scan committed, if any, abandons pulls they
    /// overtake, and announces them.
    mutating func readLocalChanges(_ id: FolderID) {
        guard let after = folders[id]?.localSequence,
            let latest = attempt("read the index of \(id)", { try $0.maxSequence(in: id) }), latest > after,
            let changed = attempt("read local changes of \(id)", { try $0.records(in: id, after: after) })
        else { return }
        for record in changed {
            let path = record.path
            folders[id]?.setLocal(record)
            // A pull the scan overtakes goes, unless its commit is under way:
            // that commit checks the disk and its outcome settles the path.
            if let pull = folders[id]?.pulls[path], !pull.committing { abandonPull(id, path) }
        }
        announce(id)
    }

    /// Stores `record`, just made true on disk in place of local version
    /// `replaced`, unless a scan recorded another local version meanwhile
    /// (it saw the disk after the change, before the node heard of it).
    /// Storing over that would step this device's version backwards; the
    /// path is decided again instead (the same content merges).
    mutating func storeApplied(_ record: FileRecord, stat: LocalStat?, ifLocalIs replaced: VersionVector?) {
        readLocalChanges(record.folder)
        guard folders[record.folder]?.local[record.path]?.version == replaced else {
            folders[record.folder]?.dirty.insert(record.path)
            return
        }
        storeApplied(record, stat: stat)
    }

    /// Stores `record` as applied locally, then announces it.
    mutating func storeApplied(_ record: FileRecord, stat: LocalStat?) {
        let id = record.folder
        guard let stored = attempt("record \(record.path) in the index", { try $0.storeApplied(record, stat: stat) })
        else { return }
        folders[id]?.setLocal(stored)
        // What waited on this entry goes on now, not at the retry timer: the
        // entries of a directory just made, a directory whose entry just went.
        if let waiting = folders[id]?.waiting {
            let unblocked = waiting.filter { $0.parent == stored.path || stored.path.parent == $0 }
            folders[id]?.waiting.subtract(unblocked)
            folders[id]?.dirty.formUnion(unblocked)
        }
        announce(id)
    }

    /// Sends each connected peer of the folder the records it has not seen.
    /// A relay announces nothing of its own: it passes on its peers' batches.
    mutating func announce(_ id: FolderID) {
        guard let folder = folders[id], !configuration.isRelay else { return }
        for peer in peers.keys.sorted() {
            guard let sent = peers[peer]?.sentThrough[id], sent < folder.localSequence else { continue }
            sendIndex(of: id, to: peer, after: sent)
        }
    }

    /// Sends the local records after `after` as signed batches.
    mutating func sendIndex(of id: FolderID, to peer: DeviceID, after: UInt64) {
        guard let folder = folders[id] else { return }
        var records = folder.localRecords(after: after)
        if folder.configuration.type == .receiveOnly {
            // Local changes of a receive-only folder stay local.
            records.removeAll { isLocalChange($0, in: folder) }
        }
        let limit = configuration.limits.recordsPerBatch
        var start = after
        var index = 0
        repeat {
            let chunk = Array(records[index..<min(index + limit, records.count)])
            index += chunk.count
            let through = index < records.count ? chunk.last!.sequence : folder.localSequence
            let batch = IndexBatch(folder: id, authorKey: identity.publicKey, after: start, through: through, records: chunk)
            do {
                output.append(.send(to: peer, .indexBatch(try authenticator.sign(batch, as: identity))))
            } catch {
                // A record past a wire limit; the peer misses it, the rest still goes.
                output.append(.log(.warning, "cannot send part of the index of \(id) to \(peer.shortID): \(error)"))
            }
            start = through
        } while index < records.count
        peers[peer]?.sentThrough[id] = folder.localSequence
    }

    /// Whether some peer's index holds this very version.
    func isKnownRemotely(_ record: FileRecord, in folder: FolderState) -> Bool {
        folder.remote.values.contains { $0.records[record.path]?.version == record.version }
    }

    /// Whether `record` is a change made on this device that no peer has:
    /// in a receive-only folder, one that stays local.
    func isLocalChange(_ record: FileRecord, in folder: FolderState) -> Bool {
        record.modifiedBy == device && !isKnownRemotely(record, in: folder)
    }
}
