public import ShoalModel

/// What the scanner last saw of an entry on disk: enough to tell, on the next
/// scan, whether a file may have changed without reading it.
public struct LocalStat: Hashable, Sendable {
    /// Size in bytes.
    public var size: Int64
    /// Modification time in nanoseconds since the Unix epoch.
    public var modifiedNanoseconds: Int64
    /// Inode number.
    public var inode: UInt64

    /// Creates a stat snapshot.
    public init(size: Int64, modifiedNanoseconds: Int64, inode: UInt64) {
        self.size = size
        self.modifiedNanoseconds = modifiedNanoseconds
        self.inode = inode
    }
}

/// An entry as observed on the local disk by a scan.
public struct ObservedEntry: Hashable, Sendable {
    /// The entry's path in its folder.
    public var path: RelativePath
    /// File, directory or symlink.
    public var kind: FileKind
    /// Permission bits (0 for symlinks).
    public var permissions: UInt32
    /// The ordered blocks of a file.
    public var blocks: [BlockRef]
    /// The target of a symlink.
    public var symlinkTarget: String?
    /// The stat snapshot the observation was made from.
    public var stat: LocalStat

    /// Creates an observation.
    public init(
        path: RelativePath, kind: FileKind, permissions: UInt32, blocks: [BlockRef] = [],
        symlinkTarget: String? = nil, stat: LocalStat
    ) {
        self.path = path
        self.kind = kind
        self.permissions = permissions
        self.blocks = blocks
        self.symlinkTarget = symlinkTarget
        self.stat = stat
    }
}

/// One update a scan makes to the index.
public enum LocalChange: Hashable, Sendable {
    /// The entry is new or differs from its record: it becomes a new version
    /// made by this device, with the next sequence number.
    case changed(ObservedEntry)
    /// The entry is gone from disk: its record becomes a tombstone.
    case deleted(RelativePath)
    /// Same content, new stat (e.g. touched): only the stat cache changes,
    /// the version does not.
    case restatted(RelativePath, LocalStat)
}

/// What the index holds of an entry, as the scanner needs it to compare with
/// the disk: everything but the blocks, which are loaded only when a file's
/// content must be compared.
public struct IndexedEntry: Hashable, Sendable {
    /// File, directory or symlink.
    public var kind: FileKind
    /// Whether the record is a tombstone.
    public var isDeleted: Bool
    /// Permission bits.
    public var permissions: UInt32
    /// The target of a symlink.
    public var symlinkTarget: String?
    /// The stat snapshot of the last scan.
    public var stat: LocalStat
}
