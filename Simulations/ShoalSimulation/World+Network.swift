import ShoalModel
import ShoalProtocol
import ShoalSync

/// Connections between nodes: discovery finds reachable peers, partitions
/// and crashes cut connections, messages on a connection arrive in order.
extension World {
    func pairKey(_ a: Int, _ b: Int) -> Int { min(a, b) * 64 + max(a, b) }

    func reachable(_ a: Int, _ b: Int) -> Bool {
        guard let groups else { return true }
        return groups[a] == groups[b]
    }

    /// Discovery: a reachable pair of running nodes connects after a while.
    mutating func scheduleConnect(_ a: Int, _ b: Int) {
        guard a != b, nodes[a].isUp, nodes[b].isUp, reachable(a, b), connections[pairKey(a, b)] == nil else { return }
        queue.schedule(.connect(min(a, b), max(a, b)), at: now + random.inRange(10...300) * Self.millisecond)
    }

    mutating func reconnectAll() {
        for a in nodes.indices {
            for b in a + 1..<nodes.count { scheduleConnect(a, b) }
        }
    }

    mutating func connect(_ a: Int, _ b: Int) {
        guard nodes[a].isUp, nodes[b].isUp, reachable(a, b), connections[pairKey(a, b)] == nil else { return }
        connections[pairKey(a, b)] = Connection(id: nextConnectionID)
        nextConnectionID += 1
        record("connect n\(a) n\(b)")
        handle(a, .peerConnected(nodes[b].device))
        handle(b, .peerConnected(nodes[a].device))
    }

    /// Cuts a connection; both sides learn of it, and reconnect later when
    /// they still can.
    mutating func close(_ a: Int, _ b: Int, reason: String) {
        guard connections.removeValue(forKey: pairKey(a, b)) != nil else { return }
        record("close n\(a) n\(b) \(reason)")
        handle(a, .peerDisconnected(nodes[b].device))
        handle(b, .peerDisconnected(nodes[a].device))
        scheduleConnect(a, b)
    }

    /// Roughly how many bytes `message` takes on the wire.
    static func size(of message: Message) -> Int {
        switch message {
        case .indexBatch(let batch): 100 + batch.records.reduce(0) { $0 + 80 + $1.path.string.utf8.count + 36 * $1.blocks.count }
        case .response(let response): 16 + ((try? response.result.get())?.count ?? 0)
        default: 64
        }
    }

    /// A short line for the trace.
    static func summary(_ message: Message) -> String {
        switch message {
        case .hello: "hello"
        case .clusterConfig(let config): "config \(config.folders.map { $0.indexProgress.map(\.sequence) })"
        case .indexBatch(let batch): "batch \(batch.after)-\(batch.through) \(batch.records.count)"
        case .request(let request): "request \(request.id) \(request.hash.hex.prefix(8))"
        case .response(let response): "response \(response.id) \((try? response.result.get())?.count ?? -1)"
        case .progress: "progress"
        case .ping: "ping"
        case .close: "close"
        }
    }

    static func summary(_ operation: DiskOperation) -> String {
        switch operation {
        case .readBlock(let path, let offset, _): "read \(path)@\(offset)"
        case .writeTemporary(let target, let offset, let data): "write \(target)@\(offset)+\(data.count)"
        case .commitFile(let target, _, _, _, _, let copy): "commit \(target)\(copy.map { " copy \($0)" } ?? "")"
        case .discardTemporary(let target): "discard \(target)"
        case .removeAllTemporaries: "clean"
        case .makeDirectory(let path, _, _): "mkdir \(path)"
        case .makeSymlink(let path, _, _): "symlink \(path)"
        case .setPermissions(let path, let permissions, _): "chmod \(path) \(permissions)"
        case .remove(let path, _, _): "remove \(path)"
        }
    }

    static func summary(_ outcome: DiskOutcome) -> String {
        switch outcome {
        case .done: "ok"
        case .data(let data): "data \(data.count)"
        case .failed(let error): "failed \(error)"
        }
    }
}
