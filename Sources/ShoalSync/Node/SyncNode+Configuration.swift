import ShoalCrypto
import ShoalModel

/// Applying a changed configuration while the node runs.
extension SyncNode {
    /// Starts syncing new folders, stops syncing removed ones, and brings
    /// every connected peer up to date with what is shared with it now.
    ///
    /// A folder that stops being shared with a peer forgets that peer's
    /// index of it; a folder newly shared with a connected peer is offered to
    /// it at once (a new `ClusterConfig`), so the index exchange starts
    /// without a reconnect.
    mutating func reconfigure(_ new: NodeConfiguration) {
        let sharedBefore = sharedFolders()
        configuration = new
        let wanted = Dictionary(uniqueKeysWithValues: new.folders.map { ($0.id, $0) })
        for id in folders.keys.sorted() where wanted[id] == nil {
            folders[id] = nil
            for peer in peers.keys { peers[peer]?.sentThrough[id] = nil }
            output.append(.log(.info, "stopped syncing folder \(id)"))
        }
        for id in wanted.keys.sorted() {
            let folderConfiguration = wanted[id]!
            guard let old = folders[id]?.configuration else {
                open(folderConfiguration)
                output.append(.log(.info, "started syncing folder \(id)"))
                continue
            }
            guard old != folderConfiguration else { continue }
            folders[id]?.configuration = folderConfiguration
            for peer in old.devices.subtracting(folderConfiguration.devices).sorted() {
                folders[id]?.remote[peer] = nil
                peers[peer]?.sentThrough[id] = nil
            }
            wake(id, forgettingFailures: true)
            if let paths = folders[id]?.knownPaths { folders[id]?.dirty.formUnion(paths) }
        }
        let sharedAfter = sharedFolders()
        for peer in peers.keys.sorted() where !sharedAfter[peer, default: []].isSubset(of: sharedBefore[peer, default: []]) {
            offerFolders(to: peer)
        }
    }

    /// For each connected peer, the folders shared with it.
    private func sharedFolders() -> [DeviceID: Set<FolderID>] {
        var shared: [DeviceID: Set<FolderID>] = [:]
        for peer in peers.keys {
            shared[peer] = Set(folders.values.filter { $0.configuration.devices.contains(peer) }.map(\.id))
        }
        return shared
    }
}
