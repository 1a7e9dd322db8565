public import ShoalModel

/// What a folder needs, for `shoal status` and progress displays.
public struct FolderStatus: Hashable, Sendable {
    /// Live files this device holds.
    public var files = 0
    /// Their bytes.
    public var bytes: Int64 = 0
    /// Entries whose winning version this device still has to apply.
    public var needFiles = 0
    /// The bytes of the files among them.
    public var needBytes: Int64 = 0
    /// Files being pulled now.
    public var pulling = 0
    /// Send-only: entries whose newer remote version this device does not apply.
    public var outOfSync = 0
    /// Receive-only: local changes kept back from peers (they can be reverted).
    public var localChanges = 0

    /// Nothing counted.
    public init() {}
}

extension SyncNode {
    /// How far `folder` is from the versions every device converges on, or
    /// `nil` for a folder this node does not sync. Looks at every known path.
    public func status(of id: FolderID) -> FolderStatus? {
        guard let folder = folders[id] else { return nil }
        var status = FolderStatus()
        status.pulling = folder.pulls.count
        for path in folder.knownPaths {
            let local = folder.local[path]
            if let local, !local.isDeleted, local.kind == .file {
                status.files += 1
                status.bytes += local.size
            }
            if folder.configuration.type == .receiveOnly, let local, isLocalChange(local, in: folder) {
                status.localChanges += 1
                continue
            }
            guard let winner = folder.winner(at: path), Resolution.decision(local: local, winner: winner) != .nothing
            else { continue }
            if winner.isDeleted && (local?.isDeleted ?? true) { continue }  // only a record to store
            if folder.configuration.type == .sendOnly {
                status.outOfSync += 1
            } else {
                status.needFiles += 1
                status.needBytes += winner.isDeleted ? 0 : winner.size
            }
        }
        return status
    }
}
