public import ShoalModel

/// A file with versions in a folder's version store, found by walking the
/// whole store (`VersionStore.keptFiles()`), whether or not it still exists.
public struct KeptFile: Hashable, Sendable {
    /// The file's path in the folder, or `nil` when its name was too long and
    /// was stored cut (see `VersionName.base(of:)`): only the start of such a
    /// name and a hash of the whole are kept, so it cannot be mapped back.
    public var path: RelativePath?
    /// Its directory and stored base name, relative to the folder root:
    /// `.shoal/versions/DIR/BASE`. Each version is this plus `~ID`.
    public var storedName: String
    /// Whether a regular file is at the path now (for a cut name: at a name
    /// in its directory that is stored under the same base).
    public var exists: Bool
    /// Its versions, oldest first. For a cut name their `path` is the
    /// directory and the cut base, which is not a real path.
    public var versions: [StoredVersion]
}
