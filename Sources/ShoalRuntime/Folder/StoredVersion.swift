public import ShoalIndex
public import ShoalModel

/// One earlier version of a file, kept in a folder's version store.
public struct StoredVersion: Hashable, Sendable {
    /// The path the file had in the folder.
    public var path: RelativePath
    /// Where it is kept, relative to the folder root
    /// (`.shoal/versions/DIR/NAME~YYYYMMDD-HHMMSS-N`).
    public var location: String
    /// When it was kept, in seconds since the Unix epoch (UTC, whole seconds).
    public var storedAt: Int64
    /// Tells apart versions kept in the same second; from 1.
    public var sequence: Int
    /// The kept file's size, mtime (its own, from before it was replaced) and inode.
    public var stat: LocalStat
}
