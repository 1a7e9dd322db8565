/// Paths in a watched folder that changed, reported by `FolderWatcher` once
/// the folder was quiet for a moment.
///
/// A path may name a directory. A directory that was created or moved in is
/// reported with everything found in it; one that was deleted or moved away
/// is reported alone, so a consumer should treat a reported directory as
/// "check everything below it".
public struct FolderChange: Sendable, Equatable, CustomStringConvertible {
    /// Changed paths relative to the folder root: `/`-separated, no leading
    /// slash, sorted by bytes, without duplicates. Shoal's own names
    /// (`ShoalInternalNames`) never appear. Complete unless `isFullRescan`.
    public var paths: [String]
    /// Whether events were lost (the kernel queue overflowed, too many paths
    /// changed at once, or the folder root went away): the whole folder must
    /// be rescanned, and `paths` is at most a sample of what changed.
    public var isFullRescan: Bool

    /// Creates a change.
    public init(paths: [String], isFullRescan: Bool) {
        self.paths = paths
        self.isFullRescan = isFullRescan
    }

    public var description: String {
        let shown = paths.prefix(5).joined(separator: ", ") + (paths.count > 5 ? ", …" : "")
        return isFullRescan ? "full rescan (\(paths.count) paths seen: \(shown))" : "\(paths.count) paths: \(shown)"
    }
}
