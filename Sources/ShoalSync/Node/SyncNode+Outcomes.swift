import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol

/// What the node does when a disk operation it asked for finishes.
extension SyncNode {
    mutating func finish(_ token: OperationToken, _ outcome: DiskOutcome) {
        guard let pending = operations.removeValue(forKey: token) else { return }
        switch pending {
        case .readForPull(let id, let path, let version, let index):
            localBlockRead(token, outcome, index: index, path: path, version: version, in: id)
        case .writeForPull(let id, let path, let version, let index):
            blockWritten(token, outcome, index: index, path: path, version: version, in: id)
        case .commit(let id, let path, let version):
            committed(outcome, path: path, version: version, in: id)
        case .apply(let id, let record, let replaces):
            folders[id]?.busy.remove(record.path)
            switch outcome {
            case .done(let stat):
                storeApplied(record, stat: stat, ifLocalIs: replaces)
            case .data:
                break
            case .failed(let error):
                failed(error, path: record.path, in: id)
            }
        case .serve(let peer, let connection, let request):
            served(request, to: peer, on: connection, outcome)
        case .housekeeping:
            if case .failed(let error) = outcome { output.append(.log(.warning, "housekeeping failed: \(error)")) }
        }
    }

    private mutating func localBlockRead(
        _ token: OperationToken, _ outcome: DiskOutcome, index: Int, path: RelativePath, version: VersionVector,
        in id: FolderID
    ) {
        guard let pull = folders[id]?.pulls[path], pull.target.version == version,
            pull.blocks[index].state == .readingLocally(token)
        else { return }
        let block = pull.target.blocks[index]
        if case .data(let data) = outcome, data.count == block.size, ContentHash.of(data) == block.hash {
            write(data, index: index, of: pull, in: id)
            return
        }
        // The local copy changed since it was scanned: ask a peer, and rescan.
        folders[id]?.pulls[path]?.blocks[index].state = .pending
        folders[id]?.pulls[path]?.blocks[index].localFailed = true
        output.append(.scan(id))
        advancePull(path, in: id)
    }

    private mutating func blockWritten(
        _ token: OperationToken, _ outcome: DiskOutcome, index: Int, path: RelativePath, version: VersionVector,
        in id: FolderID
    ) {
        guard let pull = folders[id]?.pulls[path], pull.target.version == version,
            pull.blocks[index].state == .writing(token)
        else { return }
        defer { wakeWindowWaiters() }
        if case .failed(let error) = outcome {
            abandonPull(id, path)
            failed(error, path: path, in: id)
            return
        }
        folders[id]?.pulls[path]?.blocks[index].state = .written
        advancePull(path, in: id)
    }

    private mutating func committed(_ outcome: DiskOutcome, path: RelativePath, version: VersionVector, in id: FolderID) {
        guard let pull = folders[id]?.pulls[path], pull.target.version == version else { return }
        endPull(path, in: id)
        switch outcome {
        case .done(let stat):
            storeApplied(pull.target, stat: stat, ifLocalIs: pull.replaces)
            if pull.conflictCopy != nil {
                output.append(.log(.info, "conflict on \(path): kept the local version as \(pull.conflictCopy!)"))
                output.append(.scan(id))  // the conflict copy is a new local file
            }
        case .data:
            break
        case .failed(let error):
            if !pull.target.blocks.isEmpty {
                perform(.discardTemporary(target: path), in: id, for: .housekeeping)
            }
            failed(error, path: path, in: id)
        }
    }

    /// A change could not be made: rescan when the disk was not as the index
    /// said, otherwise retry later. Either way the path waits: planned again
    /// at once, it would repeat the failing operation (and its transfers) in
    /// a loop that ignores `retryDelay`.
    private mutating func failed(_ error: DiskError, path: RelativePath, in id: FolderID) {
        folders[id]?.dirty.remove(path)
        folders[id]?.waiting.insert(path)
        if error == .targetChanged {
            output.append(.scan(id))
        } else {
            output.append(.log(.warning, "cannot update \(path) in \(id): \(error)"))
            scheduleRetry(id)
        }
    }

    // MARK: - Serving peers

    /// Answers a peer's block request from a local file holding the block.
    mutating func serve(_ request: BlockRequest, for peer: DeviceID) {
        guard let folder = folders[request.folder], folder.configuration.devices.contains(peer) else {
            respond(to: peer, request.id, .failure(.folderNotShared))
            return
        }
        guard let state = peers[peer], state.serving < configuration.limits.servesPerPeer else {
            respond(to: peer, request.id, .failure(.busy))
            return
        }
        guard let source = folder.localBlock(request.hash, size: Int(request.size)) else {
            respond(to: peer, request.id, .failure(.notFound))
            return
        }
        peers[peer]?.serving += 1
        perform(
            .readBlock(path: source.path, offset: source.offset, size: source.size), in: source.folder,
            for: .serve(peer, connection: state.connection, request))
    }

    private mutating func served(
        _ request: BlockRequest, to peer: DeviceID, on connection: UInt64, _ outcome: DiskOutcome
    ) {
        guard peers[peer]?.connection == connection else { return }  // that connection is gone
        peers[peer]?.serving -= 1
        if case .data(let data) = outcome, ContentHash.of(data) == request.hash {
            respond(to: peer, request.id, .success(data))
        } else {
            respond(to: peer, request.id, .failure(.notFound))
            // The file no longer holds what the index says: until a scan
            // tells, every request for the block would read it in vain.
            output.append(.scan(request.folder))
        }
    }

    private mutating func respond(to peer: DeviceID, _ id: UInt32, _ result: Result<[UInt8], BlockError>) {
        output.append(.send(to: peer, .response(BlockResponse(id: id, result: result))))
    }
}
