import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol

/// Assembling files: blocks from local files first, then from peers that
/// hold the version, verified, written to a temporary file, moved into place.
extension SyncNode {
    mutating func startPull(
        _ target: FileRecord, expected: ExpectedEntry, conflictCopy: RelativePath?, keepReplaced: Bool,
        in id: FolderID
    ) {
        guard let folder = folders[id], folder.pulls.count < configuration.limits.pullsPerFolder else {
            if folders[id]?.slotQueue.contains(target.path) == false { folders[id]?.slotQueue.append(target.path) }
            return
        }
        var pull = Pull(
            target: target, replacing: folders[id]?.local[target.path], expected: expected, conflictCopy: conflictCopy,
            keepReplaced: keepReplaced)
        pull.localSources = target.blocks.map { localSource(of: $0, in: id) }
        folders[id]?.pulls[target.path] = pull
        advancePull(target.path, in: id)
    }

    /// Moves a pull on: asks for every pending block, or commits when all are written.
    mutating func advancePull(_ path: RelativePath, in id: FolderID) {
        guard var pull = folders[id]?.pulls[path] else { return }
        guard folders[id]?.winner(at: path)?.version == pull.target.version else {
            abandonPull(id, path)  // a newer version arrived meanwhile
            return
        }
        if pull.target.blocks.isEmpty, !pull.committing {
            pull.committing = true
            folders[id]?.pulls[path] = pull
            commit(pull, in: id)
            return
        }
        var stuck = false
        var windowFull = false
        for index in pull.blocks.indices where pull.blocks[index].state == .pending {
            let block = pull.target.blocks[index]
            if !pull.blocks[index].localFailed, let source = pull.localSources[index] {
                pull.blocks[index].state = .readingLocally(
                    perform(
                        .readBlock(path: source.path, offset: source.offset, size: block.size), in: source.folder,
                        for: .readForPull(id, path, pull.target.version, index: index)))
            } else {
                let sources = sources(for: pull, block: index, in: id)
                if let peer = leastBusy(of: sources) {
                    pull.blocks[index].state = .requested(
                        peer, request(block, index: index, of: pull, in: id, from: peer))
                } else if sources.isEmpty {
                    stuck = true
                } else {
                    windowFull = true
                }
            }
        }
        folders[id]?.pulls[path] = pull
        if windowFull, !stuck { folders[id]?.waitingForWindow.insert(path) }
        if stuck {
            folders[id]?.waiting.insert(path)
            // With no block of it in flight, nothing but the timer wakes it.
            if !pull.blocks.contains(where: { $0.state != .pending && $0.state != .written }) { scheduleRetry(id) }
        }
        if pull.isComplete, !pull.committing {
            folders[id]?.pulls[path]?.committing = true
            commit(pull, in: id)
        }
    }

    private mutating func commit(_ pull: Pull, in id: FolderID) {
        let target = pull.target
        perform(
            .commitFile(
                target: target.path, expected: pull.expected, permissions: target.permissions,
                modifiedNanoseconds: target.modifiedNanoseconds, keepReplaced: pull.keepReplaced,
                conflictCopy: pull.conflictCopy),
            in: id, for: .commit(id, target.path, target.version))
    }

    /// Ends the pull of `path` (done, failed or overtaken): the path is looked
    /// at again, and its slot goes to the next file waiting (see `plan`).
    mutating func endPull(_ path: RelativePath, in id: FolderID) {
        folders[id]?.pulls[path] = nil
        folders[id]?.dirty.insert(path)
    }

    /// Moves as many files waiting for a pull slot as there are free slots
    /// to the paths to look at, first come first served.
    ///
    /// - Returns: whether any was admitted.
    mutating func admitQueuedPulls(_ id: FolderID) -> Bool {
        guard var folder = folders[id] else { return false }
        let free = configuration.limits.pullsPerFolder - folder.pulls.count
        guard free > 0, !folder.slotQueue.isEmpty else { return false }
        let admitted = folder.slotQueue.prefix(free)
        folder.slotQueue.removeFirst(admitted.count)
        folder.dirty.formUnion(admitted)
        folders[id] = folder
        return true
    }

    /// Gives up a pull: its temporary file goes, the path is looked at again.
    mutating func abandonPull(_ id: FolderID, _ path: RelativePath) {
        guard let pull = folders[id]?.pulls[path] else { return }
        endPull(path, in: id)
        for (peer, state) in peers {
            for (requestID, request) in state.requests where request.folder == id && request.path == path {
                peers[peer]?.requests[requestID] = nil
            }
        }
        if !pull.target.blocks.isEmpty {
            perform(.discardTemporary(target: path), in: id, for: .housekeeping)
        }
    }

    /// A local file holding `block`, in this folder if one does, else in another.
    private func localSource(of block: BlockRef, in id: FolderID) -> BlockSource? {
        let order = [id] + folders.keys.sorted().filter { $0 != id }
        return order.lazy.compactMap { self.folders[$0]?.localBlock(block.hash, size: block.size) }.first
    }

    /// Among `sources`, the peer with the fewest requests in flight, under
    /// the per-peer window; `nil` when every window is full.
    private func leastBusy(of sources: [DeviceID]) -> DeviceID? {
        let window = configuration.limits.requestsPerPeer
        return sources.filter { peers[$0]!.requests.count < window }
            .min { peers[$0]!.requests.count < peers[$1]!.requests.count }
    }

    /// The connected peers that may give block `index` of `pull`, window
    /// aside: those holding the pulled version or, when no connected device
    /// holds it, connected relays, which keep what they were sent.
    private func sources(for pull: Pull, block index: Int, in id: FolderID) -> [DeviceID] {
        guard let folder = folders[id] else { return [] }
        let available = peers.keys.sorted().filter { peer in
            folder.configuration.devices.contains(peer) && !pull.blocks[index].failedPeers.contains(peer)
        }
        let holders = available.filter { folder.remote[$0]?.records[pull.target.path]?.version == pull.target.version }
        return holders.isEmpty ? available.filter { peers[$0]!.isRelay } : holders
    }

    /// A requested block was written, or a request was given up: the pulls
    /// that waited for a free place in a window are looked at again. (A
    /// block's place in the window is taken until it is written, so what is
    /// received but not yet on disk stays within the window too.)
    mutating func wakeWindowWaiters() {
        for id in folders.keys.sorted() where folders[id]?.waitingForWindow.isEmpty == false {
            folders[id]!.dirty.formUnion(folders[id]!.waitingForWindow)
            folders[id]!.waitingForWindow = []
        }
    }

    /// Asks `peer` for a block; returns the request ID.
    private mutating func request(
        _ block: BlockRef, index: Int, of pull: Pull, in id: FolderID, from peer: DeviceID
    ) -> UInt32 {
        var state = peers[peer]!
        let requestID = state.nextRequestID
        state.nextRequestID &+= 1
        state.requests[requestID] = RequestedBlock(
            id: requestID, folder: id, path: pull.target.path, version: pull.target.version, index: index)
        peers[peer] = state
        output.append(
            .send(to: peer, .request(BlockRequest(id: requestID, folder: id, hash: block.hash, size: UInt32(block.size)))))
        return requestID
    }

    mutating func receiveResponse(_ response: BlockResponse, from peer: DeviceID) {
        guard let request = peers[peer]?.requests.removeValue(forKey: response.id) else { return }
        guard let pull = folders[request.folder]?.pulls[request.path], pull.target.version == request.version,
            pull.blocks[request.index].state == .requested(peer, response.id)
        else { return }
        let block = pull.target.blocks[request.index]
        switch response.result {
        case .success(let data) where data.count == block.size && ContentHash.of(data) == block.hash:
            write(data, index: request.index, of: pull, in: request.folder)
        case .success:
            output.append(.log(.warning, "\(peer.shortID) sent a block of \(request.path) that does not match its hash"))
            releaseRequest(request, from: peer, failed: true)
        case .failure:
            releaseRequest(request, from: peer, failed: true)
        }
    }

    /// Puts a requested block back to pending, and moves its pull on.
    mutating func releaseRequest(_ request: RequestedBlock, from peer: DeviceID, failed: Bool) {
        guard var pull = folders[request.folder]?.pulls[request.path], pull.target.version == request.version,
            pull.blocks[request.index].state == .requested(peer, request.id)
        else { return }
        pull.blocks[request.index].state = .pending
        if failed { pull.blocks[request.index].failedPeers.insert(peer) }
        folders[request.folder]?.pulls[request.path] = pull
        advancePull(request.path, in: request.folder)
        wakeWindowWaiters()
    }

    /// Writes a verified block to the pull's temporary file.
    mutating func write(_ data: [UInt8], index: Int, of pull: Pull, in id: FolderID) {
        let path = pull.target.path
        let token = perform(
            .writeTemporary(target: path, offset: pull.offsets[index], data: data), in: id,
            for: .writeForPull(id, path, pull.target.version, index: index))
        folders[id]?.pulls[path]?.blocks[index].state = .writing(token)
    }
}
