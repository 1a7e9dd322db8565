public import ShoalSync

/// Why a kept version could not be brought back.
public enum RestoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Something is at the destination and replacing it was not asked for.
    case destinationExists(String)
    /// The entry at the destination is a directory, a symlink or a special
    /// file, which a restore never replaces.
    case notAFile(String, found: String)
    /// The destination is one of Shoal's own names (`.shoal/`, `.shoal-tmp-*`).
    case internalName(String)
    /// The file at the destination was replaced while it was being kept, so
    /// restoring now would lose the new one.
    case changedMeanwhile(String)
    /// Reading the version or writing the file failed.
    case disk(DiskError)

    public var description: String {
        switch self {
        case .destinationExists(let path): "\(path) exists already"
        case .notAFile(let path, let found): "\(path) is \(found); a restore only replaces a regular file"
        case .internalName(let path): "\(path) is one of Shoal's own names; it is never synced"
        case .changedMeanwhile(let path): "\(path) changed while it was being kept; nothing was restored, try again"
        case .disk(let error): error.description
        }
    }
}
