import ShoalProtocol

extension Message {
    /// What kind of message this is, with its size where it matters, for debug logs.
    var kind: String {
        switch self {
        case .hello: "Hello"
        case .clusterConfig(let config): "ClusterConfig(\(config.folders.map(\.folder.rawValue).joined(separator: ",")))"
        case .indexBatch(let batch):
            "IndexBatch(\(batch.folder) by \(batch.author.shortID), \(batch.after)...\(batch.through), \(batch.records.count) records)"
        case .request(let request): "Request(\(request.id))"
        case .response(let response): "Response(\(response.id))"
        case .progress: "Progress"
        case .ping: "Ping"
        case .close(let close): "Close(\(close.reason))"
        }
    }
}
