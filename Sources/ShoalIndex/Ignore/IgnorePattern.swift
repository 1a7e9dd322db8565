/// One compiled pattern line of a `.shoalignore` file.
///
/// The line's shape decides how it applies, as in gitignore: a leading `!`
/// negates, a trailing `/` limits it to directories, and a `/` at the start or
/// in the middle anchors it to the folder root; without one, it matches the
/// name of an entry at any depth.
struct IgnorePattern: Equatable, Sendable {
    /// How the pattern is matched against a path.
    enum Form: Equatable, Sendable {
        /// No `/` inside: the glob is matched against the last path component.
        case name(Glob)
        /// Anchored to the root: matched component by component.
        case path([Component])
    }

    /// One `/`-separated piece of an anchored pattern.
    enum Component: Equatable, Sendable {
        case glob(Glob)
        /// `**`: zero or more directories, or (last) one or more components.
        case anyComponents
    }

    /// Whether the pattern began with `!` and re-includes what it matches.
    let isNegated: Bool
    /// Whether the pattern ended with `/` and matches only directories.
    let isDirectoryOnly: Bool
    /// How the rest of the pattern is matched.
    let form: Form

    /// Compiles `line`, which is neither blank nor a comment and has already
    /// lost its unescaped trailing spaces.
    ///
    /// - Throws: `IgnorePatternError` when the line cannot be a pattern.
    init(line: String) throws(IgnorePatternError) {
        var scalars = Array(line.unicodeScalars)[...]
        isNegated = scalars.first == "!"
        if isNegated { scalars.removeFirst() }
        isDirectoryOnly = scalars.last == "/"
        if isDirectoryOnly { scalars.removeLast() }
        guard !scalars.isEmpty else { throw .emptyPattern }

        var pieces = Self.split(scalars)
        if pieces.count == 1 {
            form = .name(try Glob(pieces[0]))
            return
        }
        if pieces[0].isEmpty { pieces.removeFirst() }
        var components: [Component] = []
        for piece in pieces {
            let isDoubleStar = piece.count >= 2 && piece.allSatisfy { $0 == "*" }
            components.append(isDoubleStar ? .anyComponents : .glob(try Glob(piece)))
        }
        form = .path(components)
    }

    /// Splits at each `/`, escaped or not (`\/` is a separator either way).
    private static func split(_ scalars: ArraySlice<Unicode.Scalar>) -> [ArraySlice<Unicode.Scalar>] {
        var pieces: [ArraySlice<Unicode.Scalar>] = []
        var start = scalars.startIndex
        var index = start
        while index < scalars.endIndex {
            if scalars[index] == "\\", index + 1 < scalars.endIndex, scalars[index + 1] == "/" {
                pieces.append(scalars[start..<index])
                index += 2
                start = index
            } else if scalars[index] == "/" {
                pieces.append(scalars[start..<index])
                index += 1
                start = index
            } else {
                index += scalars[index] == "\\" ? 2 : 1
            }
        }
        pieces.append(scalars[start..<scalars.endIndex])
        return pieces
    }

    /// Whether the pattern matches `path` (UTF-8, relative, no leading `/`),
    /// ignoring negation; `nameStart` is where its last component begins.
    /// Does not allocate.
    func matches(_ path: UnsafeBufferPointer<UInt8>, nameStart: Int, isDirectory: Bool) -> Bool {
        if isDirectoryOnly && !isDirectory { return false }
        switch form {
        case .name(let glob):
            return glob.matches(UnsafeBufferPointer(rebasing: path[nameStart...]))
        case .path(let components):
            return Self.matches(components, from: 0, path, at: 0)
        }
    }

    /// Matches `components[first...]` against the components of `path` that
    /// begin at `start`; `start == path.count + 1` means none are left.
    private static func matches(
        _ components: [Component], from first: Int, _ path: UnsafeBufferPointer<UInt8>, at start: Int
    ) -> Bool {
        var start = start
        for index in components.indices.dropFirst(first) {
            guard start <= path.count else { return false }
            switch components[index] {
            case .anyComponents where index == components.count - 1:
                return true
            case .anyComponents:
                while start <= path.count {
                    if matches(components, from: index + 1, path, at: start) { return true }
                    start = componentEnd(path, from: start) + 1
                }
                return false
            case .glob(let glob):
                let end = componentEnd(path, from: start)
                guard glob.matches(UnsafeBufferPointer(rebasing: path[start..<end])) else {
                    return false
                }
                start = end + 1
            }
        }
        return start == path.count + 1
    }

    private static func componentEnd(_ path: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        path[start...].firstIndex(of: UInt8(ascii: "/")) ?? path.count
    }
}
