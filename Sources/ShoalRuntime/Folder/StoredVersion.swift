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

extension StoredVersion {
    /// How the version is shown and chosen: `YYYYMMDD-HHMMSS-N`, the end of
    /// its stored name, unique among the versions of its path.
    public var id: String { VersionName.id(storedAt: storedAt, sequence: sequence) }

    /// When it was kept, as ISO 8601 in UTC: `2026-11-24T06:33:36Z`.
    public var isoTimestamp: String { VersionName.isoTimestamp(storedAt) }

    /// Whether `text` has the form of a version ID, `YYYYMMDD-HHMMSS-N`.
    public static func isID(_ text: String) -> Bool { VersionName.isID(text) }
}
