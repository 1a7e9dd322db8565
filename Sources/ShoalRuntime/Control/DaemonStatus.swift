/// What `shoal status --json` prints: the daemon's view of this device.
/// The field names are part of the CLI contract.
public struct DaemonStatus: Codable, Equatable, Sendable {
    /// This device's ID.
    public var deviceID: String
    /// This device's name.
    public var name: String
    /// Where the daemon accepts connections, `HOST:PORT`.
    public var listen: String
    /// Every folder this device syncs.
    public var folders: [FolderReport]
    /// Every trusted peer.
    public var peers: [PeerReport]

    /// Creates a status.
    public init(deviceID: String, name: String, listen: String, folders: [FolderReport], peers: [PeerReport]) {
        self.deviceID = deviceID
        self.name = name
        self.listen = listen
        self.folders = folders
        self.peers = peers
    }

    enum CodingKeys: String, CodingKey {
        case deviceID = "device_id"
        case name, listen, folders, peers
    }
}

/// What a folder is doing.
public enum FolderActivity: String, Codable, Equatable, Sendable {
    /// In sync with every connected peer, as far as this device knows.
    case idle
    /// Its scan is running.
    case scanning
    /// It has files to pull.
    case syncing
    /// It cannot be synced; `FolderReport.error` says why.
    case error
}

/// One folder in `DaemonStatus`.
public struct FolderReport: Codable, Equatable, Sendable {
    /// The folder ID.
    public var id: String
    /// Its path on this device.
    public var path: String
    /// Its type (`send-receive`, `send-only`, `receive-only`).
    public var type: String
    /// What it is doing.
    public var state: FolderActivity
    /// Why it is in `error`, if it is.
    public var error: String?
    /// Live files this device holds.
    public var files: Int
    /// Their bytes.
    public var bytes: Int64
    /// Entries still to apply from peers.
    public var needFiles: Int
    /// Bytes of the files still to pull.
    public var needBytes: Int64
    /// Conflict copies in the folder.
    public var conflicts: Int

    /// Creates a report.
    public init(
        id: String, path: String, type: String, state: FolderActivity, error: String? = nil, files: Int, bytes: Int64,
        needFiles: Int, needBytes: Int64, conflicts: Int
    ) {
        self.id = id
        self.path = path
        self.type = type
        self.state = state
        self.error = error
        self.files = files
        self.bytes = bytes
        self.needFiles = needFiles
        self.needBytes = needBytes
        self.conflicts = conflicts
    }

    enum CodingKeys: String, CodingKey {
        case id, path, type, state, error, files, bytes, conflicts
        case needFiles = "need_files"
        case needBytes = "need_bytes"
    }
}

/// One trusted peer in `DaemonStatus`.
public struct PeerReport: Codable, Equatable, Sendable {
    /// The peer's device ID.
    public var deviceID: String
    /// Its name (from the configuration, else the one it announced).
    public var name: String
    /// Whether an authenticated connection to it is up.
    public var connected: Bool
    /// The address of that connection, or the last address known for it; `nil` if none.
    public var address: String?
    /// Block bytes received from it since the daemon started.
    public var bytesReceived: Int64
    /// Block bytes sent to it since the daemon started.
    public var bytesSent: Int64

    /// Creates a report.
    public init(
        deviceID: String, name: String, connected: Bool, address: String?, bytesReceived: Int64, bytesSent: Int64
    ) {
        self.deviceID = deviceID
        self.name = name
        self.connected = connected
        self.address = address
        self.bytesReceived = bytesReceived
        self.bytesSent = bytesSent
    }

    enum CodingKeys: String, CodingKey {
        case deviceID = "device_id"
        case name, connected, address
        case bytesReceived = "bytes_received"
        case bytesSent = "bytes_sent"
    }
}

/// A device seen through mDNS that this one does not trust yet.
public struct DiscoveredPeer: Codable, Equatable, Sendable {
    /// The device ID it announced.
    public var deviceID: String
    /// The name it announced.
    public var name: String
    /// Where it can be reached, `HOST:PORT`.
    public var addresses: [String]

    /// Creates an entry.
    public init(deviceID: String, name: String, addresses: [String]) {
        self.deviceID = deviceID
        self.name = name
        self.addresses = addresses
    }

    enum CodingKeys: String, CodingKey {
        case deviceID = "device_id"
        case name, addresses
    }
}
