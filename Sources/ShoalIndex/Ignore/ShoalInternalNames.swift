/// The names Shoal gives its own files inside a synced folder.
///
/// The scanner skips internal paths whatever the `.shoalignore` rules say, so
/// a `!` pattern can never make Shoal sync its own state. The ignore file
/// itself is not internal: like `.gitignore`, it syncs to every peer.
public enum ShoalInternalNames {
    /// The folder's state directory, at the folder root only.
    public static let stateDirectory = ".shoal"
    /// The name prefix of temporary files written while pulling, at any depth.
    public static let temporaryPrefix = ".shoal-tmp-"
    /// The ignore file at the folder root. It is synced, not internal.
    public static let ignoreFile = ".shoalignore"

    /// Whether `relativePath` is Shoal's own: the state directory or anything
    /// in it, or a path with a component that starts with the temporary prefix.
    ///
    /// `relativePath` is `/`-separated and relative to the folder root, with no
    /// leading slash. Does not allocate.
    public static func isInternal(relativePath: String) -> Bool {
        let path = relativePath.utf8
        let state = stateDirectory.utf8
        let prefix = temporaryPrefix.utf8
        if path.starts(with: state) {
            let rest = path.dropFirst(state.count)
            if rest.isEmpty || rest.first == UInt8(ascii: "/") { return true }
        }
        var componentStart = path.startIndex
        while componentStart < path.endIndex {
            if path[componentStart...].starts(with: prefix) { return true }
            guard let slash = path[componentStart...].firstIndex(of: UInt8(ascii: "/")) else {
                return false
            }
            componentStart = path.index(after: slash)
        }
        return false
    }
}
