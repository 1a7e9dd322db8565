extension IgnoreRules {
    /// Whether the scanner skips `relativePath`: a Shoal internal path, a
    /// path the rules ignore, or a path inside a directory the rules ignore.
    ///
    /// `relativePath` is `/`-separated and relative to the folder root, with
    /// no leading or trailing slash; the empty path (the root) is never
    /// ignored. Every parent directory is checked, so this costs one rules
    /// pass per path component; a top-down walker can use
    /// `isIgnoredAssumingParentIncluded(_:isDirectory:)` instead. Does not
    /// allocate.
    public func isIgnored(_ relativePath: String, isDirectory: Bool) -> Bool {
        if ShoalInternalNames.isInternal(relativePath: relativePath) { return true }
        guard !patterns.isEmpty else { return false }
        return Self.withUTF8(relativePath) { path in
            var nameStart = 0
            for index in path.indices where path[index] == UInt8(ascii: "/") {
                let parent = UnsafeBufferPointer(rebasing: path[..<index])
                if rulesExclude(parent, nameStart: nameStart, isDirectory: true) { return true }
                nameStart = index + 1
            }
            return rulesExclude(path, nameStart: nameStart, isDirectory: isDirectory)
        }
    }

    /// Whether the scanner skips `relativePath`, for a caller that already
    /// knows its parent directory is not ignored — a walker that never
    /// descends into ignored directories. Only the path itself is checked.
    ///
    /// `relativePath` is as for `isIgnored(_:isDirectory:)`. Does not allocate.
    public func isIgnoredAssumingParentIncluded(_ relativePath: String, isDirectory: Bool) -> Bool {
        if ShoalInternalNames.isInternal(relativePath: relativePath) { return true }
        guard !patterns.isEmpty else { return false }
        return Self.withUTF8(relativePath) { path in
            let nameStart = path.lastIndex(of: UInt8(ascii: "/")).map { $0 + 1 } ?? 0
            return rulesExclude(path, nameStart: nameStart, isDirectory: isDirectory)
        }
    }

    /// Whether the last pattern matching `path` excludes it.
    private func rulesExclude(_ path: UnsafeBufferPointer<UInt8>, nameStart: Int, isDirectory: Bool) -> Bool {
        guard !path.isEmpty else { return false }
        for pattern in patterns.reversed()
        where pattern.matches(path, nameStart: nameStart, isDirectory: isDirectory) {
            return !pattern.isNegated
        }
        return false
    }

    private static func withUTF8(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
        text.utf8.withContiguousStorageIfAvailable(body) ?? Array(text.utf8).withUnsafeBufferPointer(body)
    }
}
