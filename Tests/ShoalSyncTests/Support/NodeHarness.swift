import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol
import ShoalSync
import Testing

/// A `SyncNode` on a real in-memory `IndexDatabase`, driven one event at a
/// time by the test, which plays the peers and the disk.
struct NodeHarness {
    let store: IndexDatabase
    var node: SyncNode
    /// Every command the node gave, in order.
    private(set) var history: [NodeCommand] = []

    /// A node for `TestDevice.local` with the test folder `docs` shared with
    /// `peers`, plus `otherFolders`.
    init(
        _ type: FolderType = .sendReceive, sharedWith peers: [TestDevice] = [.a, .b],
        otherFolders: [FolderConfiguration] = [], limits: NodeLimits = NodeLimits(), isRelay: Bool = false
    ) throws {
        store = try IndexDatabase.inMemory()
        let folders = [FolderConfiguration(id: docs, type: type, devices: Set(peers.map(\.id)))] + otherFolders
        node = SyncNode(
            identity: TestDevice.local.identity,
            configuration: NodeConfiguration(folders: folders, limits: limits, isRelay: isRelay),
            store: store, authenticator: SignedIndexBatches())
    }

    @discardableResult
    mutating func handle(_ event: NodeEvent) -> [NodeCommand] {
        let commands = node.handle(event)
        history += commands
        return commands
    }

    // MARK: - Local disk

    /// Records what a scan saw, as the scanner would commit it to the index.
    /// Before `start()` the node loads it; afterwards call `scanReported()`.
    @discardableResult
    func scanned(_ entries: ObservedEntry...) throws -> [FileRecord] {
        try store.apply(entries.map(LocalChange.changed), in: docs, by: TestDevice.local.id)
        return try entries.map { try #require(try store.record(in: docs, at: $0.path)) }
    }

    /// Records that a scan found `path` gone.
    func scannedDeletion(_ path: String) throws {
        try store.apply([.deleted(try RelativePath(path))], in: docs, by: TestDevice.local.id)
    }

    /// The index's current record of `path`.
    func stored(_ path: String) throws -> FileRecord? {
        try store.record(in: docs, at: try RelativePath(path))
    }

    /// Starts the node and finishes its housekeeping.
    @discardableResult
    mutating func start() -> [NodeCommand] {
        var commands = handle(.started)
        for (token, operation) in commands.diskOperations where operation == .removeAllTemporaries {
            commands += finish(token, .done(stat: nil))
        }
        return commands
    }

    mutating func scanReported() -> [NodeCommand] {
        handle(.scanFinished(docs))
    }

    mutating func finish(_ token: OperationToken, _ outcome: DiskOutcome) -> [NodeCommand] {
        handle(.diskOperationFinished(token, outcome))
    }

    /// Plays the peers and the disk for a pull: answers every block request
    /// and local read in `commands` with the bytes of `contents` (by hash),
    /// finishes every write, and so on for what follows, until only other
    /// commands (commits, for one) are left.
    ///
    /// - Returns: every command the node gave meanwhile, `commands` first.
    mutating func supplyBlocks(_ commands: [NodeCommand], of contents: Content...) throws -> [NodeCommand] {
        var bytes: [ContentHash: [UInt8]] = [:]
        for block in contents.flatMap(\.blocks) { bytes[ContentHash.of(block)] = block }
        var all = commands
        var pending = commands
        while !pending.isEmpty {
            var next: [NodeCommand] = []
            for (peer, request) in pending.requests {
                let data = try #require(bytes[request.hash])
                next += handle(.messageReceived(from: peer, .response(BlockResponse(id: request.id, result: .success(data)))))
            }
            for (token, operation) in pending.diskOperations {
                switch operation {
                case .readBlock(let path, let offset, _):
                    let blocks = try #require(try store.record(in: docs, at: path)).blocks
                    let starts = blocks.indices.map { index in blocks[..<index].reduce(Int64(0)) { $0 + Int64($1.size) } }
                    let index = try #require(starts.firstIndex(of: offset))
                    next += finish(token, .data(try #require(bytes[blocks[index].hash])))
                case .writeTemporary:
                    next += finish(token, .done(stat: nil))
                default:
                    break
                }
            }
            all += next
            pending = next
        }
        return all
    }

    // MARK: - Peers

    /// Connects `peer`, which then sends its `ClusterConfig` saying it has
    /// seen the local index up to `seen`.
    @discardableResult
    mutating func connect(_ peer: TestDevice, seen: UInt64 = 0) -> [NodeCommand] {
        handle(.peerConnected(peer.id)) + receive(peer.clusterConfig(seen: seen), from: peer)
    }

    @discardableResult
    mutating func receive(_ message: Message, from peer: TestDevice) -> [NodeCommand] {
        handle(.messageReceived(from: peer.id, message))
    }

    /// `peer` sends its own index of `folder` holding `records`.
    @discardableResult
    mutating func index(from peer: TestDevice, _ records: FileRecord..., in folder: FolderID = docs) -> [NodeCommand] {
        receive(.indexBatch(peer.batch(records, in: folder)), from: peer)
    }

    /// `peer` answers request `request` with `data`.
    @discardableResult
    mutating func respond(_ request: BlockRequest, from peer: TestDevice, with data: [UInt8]) -> [NodeCommand] {
        receive(.response(BlockResponse(id: request.id, result: .success(data))), from: peer)
    }
}

extension TestDevice {
    /// This peer's `ClusterConfig` for the test folder.
    func clusterConfig(seen: UInt64) -> Message {
        .clusterConfig(
            ClusterConfig(folders: [
                SharedFolder(folder: docs, indexProgress: [AuthorSequence(author: TestDevice.local.id, sequence: seen)])
            ]))
    }

    /// A batch of this peer's own index, signed by it, through the highest sequence of `records`.
    func batch(_ records: [FileRecord], in folder: FolderID = docs, after: UInt64 = 0) -> IndexBatch {
        let through = records.map(\.sequence).max() ?? after
        let batch = IndexBatch(folder: folder, authorKey: identity.publicKey, after: after, through: through, records: records)
        return try! SignedIndexBatches().sign(batch, as: identity)  // test records are within every wire limit
    }
}
