public import ShoalCrypto
public import ShoalIndex
public import ShoalModel
public import ShoalProtocol

/// Something that happened to a node: the only way the outside world reaches
/// a `SyncNode`.
///
/// The runtime produces events from real sockets, files and clocks; the
/// simulator produces them from its simulated world. Either way the node sees
/// the same values, in the order they are handed to `SyncNode.handle(_:)`.
public enum NodeEvent: Hashable, Sendable {
    /// The node starts (first start or after a restart). The node loads its
    /// local index and asks for stale temporary files to be removed.
    case started
    /// An authenticated connection to a trusted device is up.
    case peerConnected(DeviceID)
    /// An authenticated connection to a trusted relay (an archive node,
    /// which said so in its `Hello`) is up: it may pass on the signed index
    /// batches of other devices, and may hold blocks no connected device has.
    case relayConnected(DeviceID)
    /// The connection to a device closed, for whatever reason.
    case peerDisconnected(DeviceID)
    /// A message arrived from a connected device.
    case messageReceived(from: DeviceID, Message)
    /// A scan of the folder finished, whether or not it committed changes to
    /// the index. The node reads what changed after the local sequence it
    /// last saw, and retries what waited for the scan.
    case scanFinished(FolderID)
    /// A disk operation the node asked for finished.
    case diskOperationFinished(OperationToken, DiskOutcome)
    /// A timer the node started fired.
    case timerFired(TimerID)
    /// The user asks a receive-only folder to undo its local changes: each
    /// goes back to the peers' version, or goes if only this device had it.
    case revertLocalChanges(FolderID)
    /// The user changed what the node syncs (a folder added, removed,
    /// shared, unshared or given another type); the node applies it without
    /// a restart. Peers that are no longer trusted at all are disconnected
    /// by the runtime, which reports `peerDisconnected` as usual.
    case reconfigured(NodeConfiguration)
}

/// Names one disk operation, so its outcome finds the work that asked for it.
public struct OperationToken: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// A number unique within one run of a node.
    public let rawValue: UInt64

    /// Creates a token.
    public init(_ rawValue: UInt64) {
        self.rawValue = rawValue
    }

    public static func < (a: OperationToken, b: OperationToken) -> Bool { a.rawValue < b.rawValue }
    public var description: String { "op\(rawValue)" }
}

/// Names a timer the node started.
public enum TimerID: Hashable, Sendable {
    /// Retry the pulls of a folder that are waiting (no peer had a block, a
    /// disk operation failed).
    case retryPulls(FolderID)
}

/// How a disk operation ended.
public enum DiskOutcome: Hashable, Sendable {
    /// Done. `stat` describes the entry now at the operation's path, for the
    /// index's stat cache; `nil` for operations that leave nothing there.
    case done(stat: LocalStat?)
    /// The bytes read for a `readBlock` or `copyBlock` source.
    case data([UInt8])
    /// It failed; nothing was changed at the real path.
    case failed(DiskError)
}

/// Why a disk operation failed.
public enum DiskError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The entry at the path is not what the index says it is: a local change
    /// the scanner has not seen yet. The node asks for a scan and retries.
    case targetChanged
    /// A local block source no longer holds the expected bytes.
    case sourceChanged
    /// The directory to remove still has entries.
    case directoryNotEmpty
    /// The disk is full.
    case noSpace
    /// Any other I/O error, with the system's words.
    case io(String)

    public var description: String {
        switch self {
        case .targetChanged: "the local entry changed since it was last scanned"
        case .sourceChanged: "the local copy of the block changed"
        case .directoryNotEmpty: "the directory is not empty"
        case .noSpace: "no space left on the device"
        case .io(let reason): reason
        }
    }
}
