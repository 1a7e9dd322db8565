import ShoalRuntime

/// Why `shoal versions` or `shoal restore` refused.
enum VersionsError: Error, CustomStringConvertible {
    /// No configured folder holds the path.
    case notInFolder(String)
    /// The path is a folder's root, not a file in it.
    case folderRoot(String, FolderConfig)
    /// The path is in a folder but is never synced.
    case notSyncable(String, reason: String)
    /// The folder or its version store could not be read.
    case unreadable(FolderConfig, String)
    /// The file has no version with the ID.
    case unknownVersion(String, of: String, argument: String)
    /// The file has no kept versions at all.
    case noVersions(String, argument: String)
    /// The `--output` file exists and `--force` was not given.
    case outputExists(String)
    /// Bringing the version back failed.
    case restoreFailed(String, RestoreError)

    var description: String {
        switch self {
        case .notInFolder(let path):
            "\(path) is not inside any synced folder; `shoal folder list` shows them"
        case .folderRoot(let path, let folder):
            "\(path) is the root of folder '\(folder.id)'; give the path of a file in it"
        case .notSyncable(let path, let reason):
            "\(path) is never synced, so it has no kept versions: \(reason)"
        case .unreadable(let folder, let reason):
            "cannot read the version store of folder '\(folder.id)' (\(folder.path)): \(reason)"
        case .unknownVersion(let id, let path, let argument):
            "there is no kept version \(id) of \(path); `shoal versions \(argument)` lists them"
        case .noVersions(let path, let argument):
            "no versions of \(path) are kept, so there is nothing to restore; `shoal versions \(argument)` "
                + "shows the versions of a file, `shoal versions --deleted FOLDER_ID` the removed files"
        case .outputExists(let path):
            "\(path) exists already; pass --force to replace it, or choose another --output"
        case .restoreFailed(let path, let error):
            "cannot restore \(path): \(error)"
        }
    }
}
