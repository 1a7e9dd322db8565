import ShoalCrypto
import ShoalModel
import ShoalProtocol
import ShoalSync

/// Picking out the commands a test cares about.
extension Array where Element == NodeCommand {
    /// Every disk operation, with its token.
    var diskOperations: [(token: OperationToken, operation: DiskOperation)] {
        compactMap { if case .disk(let token, _, let operation) = $0 { (token, operation) } else { nil } }
    }

    /// The token of the one disk operation equal to `operation`.
    func token(of operation: DiskOperation) -> OperationToken? {
        diskOperations.first { $0.operation == operation }?.token
    }

    /// Every disk operation, without its token.
    var operations: [DiskOperation] { diskOperations.map(\.operation) }

    /// The targets of every `discardTemporary`.
    var discarded: [RelativePath] {
        operations.compactMap { if case .discardTemporary(let target) = $0 { target } else { nil } }
    }

    /// Every message sent, with its addressee.
    var sent: [(peer: DeviceID, message: Message)] {
        compactMap { if case .send(let peer, let message) = $0 { (peer, message) } else { nil } }
    }

    /// Every block request sent, with its addressee.
    var requests: [(peer: DeviceID, request: BlockRequest)] {
        sent.compactMap { if case .request(let request) = $0.message { ($0.peer, request) } else { nil } }
    }

    /// The block requests sent to `peer`.
    func requests(to peer: TestDevice) -> [BlockRequest] {
        requests.filter { $0.peer == peer.id }.map(\.request)
    }

    /// The index batches sent to `peer`.
    func indexBatches(to peer: TestDevice) -> [IndexBatch] {
        sent.compactMap { $0.peer == peer.id ? $0.message.indexBatch : nil }
    }

    /// The cluster configs sent to `peer`.
    func clusterConfigs(to peer: TestDevice) -> [ClusterConfig] {
        sent.compactMap { if $0.peer == peer.id, case .clusterConfig(let config) = $0.message { config } else { nil } }
    }

    /// The block responses sent to `peer`.
    func responses(to peer: TestDevice) -> [BlockResponse] {
        sent.compactMap { if $0.peer == peer.id, case .response(let response) = $0.message { response } else { nil } }
    }

    /// The devices the node disconnects.
    var disconnected: [DeviceID] {
        compactMap { if case .disconnect(let peer, _) = $0 { peer } else { nil } }
    }

    /// The text of every warning.
    var warnings: [String] {
        compactMap { if case .log(.warning, let text) = $0 { text } else { nil } }
    }

    /// Whether the node asked for a scan of the test folder.
    var asksForScan: Bool { contains(.scan(docs)) }

    /// Every `commitFile`, as its fields.
    var commits: [Commit] {
        diskOperations.compactMap { token, operation in
            guard case .commitFile(let target, let expected, let permissions, let mtime, let keep, let copy) = operation
            else { return nil }
            return Commit(
                token: token, target: target, expected: expected, permissions: permissions, modifiedNanoseconds: mtime,
                keepReplaced: keep, conflictCopy: copy)
        }
    }

    /// Every `writeTemporary`, as target and offset with the data's hash.
    var writes: [(token: OperationToken, target: RelativePath, offset: Int64, data: [UInt8])] {
        diskOperations.compactMap { token, operation in
            if case .writeTemporary(let target, let offset, let data) = operation { (token, target, offset, data) } else { nil }
        }
    }
}

/// The fields of one `commitFile` operation.
struct Commit {
    let token: OperationToken
    let target: RelativePath
    let expected: ExpectedEntry
    let permissions: UInt32
    let modifiedNanoseconds: Int64
    let keepReplaced: Bool
    let conflictCopy: RelativePath?
}

extension Message {
    var indexBatch: IndexBatch? { if case .indexBatch(let batch) = self { batch } else { nil } }
}
