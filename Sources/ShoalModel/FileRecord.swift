public import ShoalCrypto

/// What kind of entry a record describes.
public enum FileKind: UInt8, Sendable, Codable, CaseIterable {
    /// A regular file with content blocks.
    case file = 0
    /// A directory.
    case directory = 1
    /// A symbolic link; its target is stored, never followed.
    case symlink = 2
}

/// One content-defined block of a file: its hash and length. Its offset is the
/// sum of the sizes of the blocks before it.
public struct BlockRef: Hashable, Sendable {
    /// The SHA-256 of the block's bytes.
    public var hash: ContentHash
    /// The block's length in bytes.
    public var size: Int

    /// Creates a block reference.
    public init(hash: ContentHash, size: Int) {
        self.hash = hash
        self.size = size
    }
}

/// The synced state of one entry in a folder, as one device knows it.
public struct FileRecord: Hashable, Sendable {
    /// The folder the entry belongs to.
    public var folder: FolderID
    /// The entry's path inside the folder.
    public var path: RelativePath
    /// File, directory or symlink.
    public var kind: FileKind
    /// Content length in bytes (0 for directories and symlinks).
    public var size: Int64
    /// Permission bits (`mode & 0o7777`).
    public var permissions: UInt32
    /// Modification time in nanoseconds since the Unix epoch.
    public var modifiedNanoseconds: Int64
    /// The version of this entry.
    public var version: VersionVector
    /// Whether this record is a tombstone for a deleted entry.
    public var isDeleted: Bool
    /// The ordered content blocks of a file; empty otherwise.
    public var blocks: [BlockRef]
    /// The target of a symlink; `nil` otherwise.
    public var symlinkTarget: String?
    /// The local sequence number of the change that produced this record.
    public var sequence: UInt64
    /// The device that made the latest change.
    public var modifiedBy: DeviceID

    /// Creates a record.
    public init(
        folder: FolderID, path: RelativePath, kind: FileKind, size: Int64, permissions: UInt32,
        modifiedNanoseconds: Int64, version: VersionVector, isDeleted: Bool = false,
        blocks: [BlockRef] = [], symlinkTarget: String? = nil, sequence: UInt64, modifiedBy: DeviceID
    ) {
        self.folder = folder
        self.path = path
        self.kind = kind
        self.size = size
        self.permissions = permissions
        self.modifiedNanoseconds = modifiedNanoseconds
        self.version = version
        self.isDeleted = isDeleted
        self.blocks = blocks
        self.symlinkTarget = symlinkTarget
        self.sequence = sequence
        self.modifiedBy = modifiedBy
    }

    /// Whether two records describe the same content and metadata, ignoring
    /// version, sequence and author: "identical content is never a conflict".
    public func hasSameContent(as other: FileRecord) -> Bool {
        kind == other.kind && isDeleted == other.isDeleted && size == other.size
            && permissions == other.permissions && blocks == other.blocks
            && symlinkTarget == other.symlinkTarget
    }
}
