/// An entry a scan left out, and why. Each is also logged as one line.
public struct SkippedEntry: Hashable, Sendable, CustomStringConvertible {
    /// The entry's path in its folder (invalid UTF-8 shown with replacement characters).
    public var path: String
    /// Why it was skipped.
    public var reason: String

    /// Creates a skipped entry.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "skipped \(path): \(reason)" }
}

/// How far a scan has come; passed to the progress callback.
public struct ScanProgress: Sendable, Equatable {
    /// Files whose content has been hashed so far.
    public var filesHashed: Int
    /// Files whose content this scan must hash.
    public var filesToHash: Int
    /// Bytes hashed so far.
    public var bytesHashed: Int64
    /// Bytes this scan must hash.
    public var bytesToHash: Int64
}

/// What a finished scan found and did.
public struct ScanReport: Sendable, Equatable {
    /// Regular files present.
    public var files = 0
    /// Directories present.
    public var directories = 0
    /// Symlinks present.
    public var symlinks = 0
    /// Total size of the files present.
    public var bytes: Int64 = 0
    /// Total number of blocks of the files present.
    public var blocks = 0
    /// Files whose content was read and hashed by this scan.
    public var hashedFiles = 0
    /// Bytes read and hashed by this scan.
    public var hashedBytes: Int64 = 0
    /// Entries that became a new version (new, modified, metadata changed).
    public var changed = 0
    /// Entries that disappeared and became tombstones.
    public var deleted = 0
    /// Entries left out, each with its reason.
    public var skipped: [SkippedEntry] = []
    /// Lines of `.shoalignore` that could not be used, each with its reason.
    public var ignoreFileProblems: [String] = []
    /// The folder's highest sequence number after the scan.
    public var sequence: UInt64 = 0
}
