public import ShoalCrypto
public import ShoalModel

/// How a folder syncs.
public enum FolderType: String, Hashable, Sendable, Codable, CaseIterable {
    /// Sends local changes and applies remote ones.
    case sendReceive = "send-receive"
    /// Sends local changes, never applies remote ones; the folder is out of
    /// sync until it changes locally or is overridden.
    case sendOnly = "send-only"
    /// Applies remote changes; local changes stay local and are not sent
    /// (they can be reverted).
    case receiveOnly = "receive-only"
}

/// One folder this device syncs.
public struct FolderConfiguration: Hashable, Sendable {
    /// The folder's ID, the same on every device.
    public var id: FolderID
    /// How it syncs.
    public var type: FolderType
    /// The devices it is shared with.
    public var devices: Set<DeviceID>

    /// Creates a folder configuration.
    public init(id: FolderID, type: FolderType = .sendReceive, devices: Set<DeviceID>) {
        self.id = id
        self.type = type
        self.devices = devices
    }
}

/// Bounds on the work a node keeps in flight.
public struct NodeLimits: Hashable, Sendable {
    /// Block requests in flight to one peer.
    public var requestsPerPeer = 32
    /// Requests from one peer being served at once; more are answered `busy`.
    public var servesPerPeer = 64
    /// Files being pulled at once, per folder.
    public var pullsPerFolder = 8
    /// Records in one `IndexBatch`.
    public var recordsPerBatch = 1000
    /// How long to wait before retrying pulls after a disk operation failed.
    public var retryDelay: Duration = .seconds(2)

    /// The defaults.
    public init() {}
}

/// Everything a node is configured with.
public struct NodeConfiguration: Hashable, Sendable {
    /// The folders this device syncs.
    public var folders: [FolderConfiguration]
    /// Bounds on work in flight.
    public var limits: NodeLimits
    /// Whether this node is a relay (the archive): it keeps the signed index
    /// batches each device sends it and passes them on to the others, and
    /// announces no index of its own (see `Docs/ARCHIVE.md`).
    public var isRelay: Bool

    /// Creates a configuration.
    public init(folders: [FolderConfiguration], limits: NodeLimits = NodeLimits(), isRelay: Bool = false) {
        self.folders = folders
        self.limits = limits
        self.isRelay = isRelay
    }
}
