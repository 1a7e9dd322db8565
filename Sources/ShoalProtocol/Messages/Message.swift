public import ShoalCrypto
public import ShoalModel

/// One message between two connected devices, after the handshake.
///
/// `Docs/PROTOCOL.md` gives each message's wire form and limits; `MessageCodec`
/// encodes and decodes them. Values are plain data, safe to send between threads.
public enum Message: Hashable, Sendable {
    /// The first message each side sends: who it is and what it speaks.
    case hello(Hello)
    /// The folders a device shares with this peer and how far it has seen
    /// each author's index in them.
    case clusterConfig(ClusterConfig)
    /// Index records of one author for one folder, signed by that author.
    case indexBatch(IndexBatch)
    /// A request for one block by its content hash.
    case request(BlockRequest)
    /// The answer to a `request`: the block's bytes or an error.
    case response(BlockResponse)
    /// Which blocks of files it is still assembling a device already holds,
    /// so others can pull those blocks from it too.
    case progress(Progress)
    /// Keeps an idle connection alive; needs no answer.
    case ping
    /// The sender is about to close the connection, and why.
    case close(Close)
}

/// The first message on a connection.
public struct Hello: Hashable, Sendable {
    /// The sender's device name, for people to read.
    public var deviceName: String
    /// The implementation and its version, e.g. `shoal 0.1.0`.
    public var client: String
    /// The lowest and highest protocol versions the sender speaks.
    public var protocolVersions: ClosedRange<UInt16>
    /// Optional features the sender supports.
    public var capabilities: Capabilities

    /// Creates a `Hello`.
    public init(deviceName: String, client: String, protocolVersions: ClosedRange<UInt16>, capabilities: Capabilities) {
        self.deviceName = deviceName
        self.client = client
        self.protocolVersions = protocolVersions
        self.capabilities = capabilities
    }
}

/// Optional protocol features, as a bit set.
public struct Capabilities: OptionSet, Hashable, Sendable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// Block data in `Response` may be LZ4-compressed.
    public static let lz4 = Capabilities(rawValue: 1 << 0)
    /// The sender forwards signed index batches of other authors (archive).
    public static let relay = Capabilities(rawValue: 1 << 1)
}

/// The sender's view of the folders it shares with the receiver.
public struct ClusterConfig: Hashable, Sendable {
    /// Folders, sorted by ID.
    public var folders: [SharedFolder]

    /// Creates a cluster config.
    public init(folders: [SharedFolder]) {
        self.folders = folders
    }
}

/// One folder in a `ClusterConfig`.
public struct SharedFolder: Hashable, Sendable {
    /// The folder.
    public var folder: FolderID
    /// For each author whose index the sender holds in this folder, the
    /// highest sequence number it holds, sorted by device. The receiver
    /// sends each author's records after that number.
    public var indexProgress: [AuthorSequence]
    /// Whether the sender only sends changes (send-only) and never applies others'.
    public var isSendOnly: Bool

    /// Creates a folder entry.
    public init(folder: FolderID, indexProgress: [AuthorSequence], isSendOnly: Bool = false) {
        self.folder = folder
        self.indexProgress = indexProgress
        self.isSendOnly = isSendOnly
    }
}

/// How far one author's index has been seen.
public struct AuthorSequence: Hashable, Sendable {
    /// The author device.
    public var author: DeviceID
    /// The highest sequence number of that author seen.
    public var sequence: UInt64

    /// Creates an entry.
    public init(author: DeviceID, sequence: UInt64) {
        self.author = author
        self.sequence = sequence
    }
}

/// A request for one block.
public struct BlockRequest: Hashable, Sendable {
    /// Chosen by the requester, echoed in the response; unique among the
    /// requester's requests in flight on this connection.
    public var id: UInt32
    /// The folder the block is wanted for; a peer serves only folders it
    /// shares with the requester.
    public var folder: FolderID
    /// The block's content hash.
    public var hash: ContentHash
    /// The block's length in bytes.
    public var size: UInt32

    /// Creates a request.
    public init(id: UInt32, folder: FolderID, hash: ContentHash, size: UInt32) {
        self.id = id
        self.folder = folder
        self.hash = hash
        self.size = size
    }
}

/// The answer to a `BlockRequest`.
public struct BlockResponse: Hashable, Sendable {
    /// The request's `id`.
    public var id: UInt32
    /// The block's bytes, or why there are none.
    public var result: Result<[UInt8], BlockError>

    /// Creates a response.
    public init(id: UInt32, result: Result<[UInt8], BlockError>) {
        self.id = id
        self.result = result
    }
}

/// Why a block could not be served.
public enum BlockError: UInt16, Error, Hashable, Sendable, CaseIterable {
    /// The responder does not have a block with that hash (any more).
    case notFound = 1
    /// The folder is not shared with the requester.
    case folderNotShared = 2
    /// The responder could not read the block from its disk.
    case readFailed = 3
    /// The requester has too many requests in flight; retry later.
    case busy = 4
}

/// Blocks of files the sender is assembling and already holds.
public struct Progress: Hashable, Sendable {
    /// The folder.
    public var folder: FolderID
    /// One entry per file in progress.
    public var files: [FileProgress]

    /// Creates a progress message.
    public init(folder: FolderID, files: [FileProgress]) {
        self.folder = folder
        self.files = files
    }
}

/// The blocks of one file version the sender holds so far.
public struct FileProgress: Hashable, Sendable {
    /// The file.
    public var path: RelativePath
    /// The version being assembled.
    public var version: VersionVector
    /// Hashes of the blocks already held (a file version's blocks are public
    /// in the index, so this reveals nothing new).
    public var heldBlocks: [ContentHash]

    /// Creates an entry.
    public init(path: RelativePath, version: VersionVector, heldBlocks: [ContentHash]) {
        self.path = path
        self.version = version
        self.heldBlocks = heldBlocks
    }
}

/// The reason a connection is being closed.
public struct Close: Hashable, Sendable {
    /// Why, for the log of the other side.
    public var reason: String

    /// Creates a close message.
    public init(reason: String) {
        self.reason = reason
    }
}
