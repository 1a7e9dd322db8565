/// Why the version history could not do what was asked.
public enum VersionHistoryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// SQLite failed while doing `operation`; `reason` is its message.
    case database(operation: String, reason: String)
    /// A stored row could not be read back: `reason` names what is wrong.
    case corruptRow(id: Int64, reason: String)
    /// `remove(ids:)` was asked to remove the current version of `path`;
    /// a path's current version is never removed, so nothing was removed.
    case currentVersion(id: Int64, path: String)

    public var description: String {
        switch self {
        case .database(let operation, let reason):
            "version history: \(operation) failed: \(reason)"
        case .corruptRow(let id, let reason):
            "version history: version \(id) is damaged: \(reason)"
        case .currentVersion(let id, let path):
            "version \(id) is the current version of \(path) and cannot be removed; nothing was removed"
        }
    }
}
