/// The rules of a folder's `.shoalignore` file, which say which paths the
/// scanner skips.
///
/// The file follows gitignore's pattern format: blank lines and `#` comments,
/// `!` to re-include, a trailing `/` for directories only, a leading or inner
/// `/` to anchor a pattern to the folder root, `*`, `?`, `[...]` classes and
/// `**` for any number of directories. The last pattern that matches a path
/// decides; as in git, nothing under an ignored directory can be re-included.
/// Matching is case-sensitive on NFC paths. Shoal's own files
/// (`ShoalInternalNames`) are always ignored, whatever the rules say.
///
/// Patterns are compiled once at parse time; queries do not allocate.
/// Values are immutable and `Sendable`, safe to share between threads.
public struct IgnoreRules: Sendable {
    /// A line that was left out of the rules, for the caller to log.
    public struct Problem: Equatable, Sendable, CustomStringConvertible {
        /// The 1-based line number in the ignore file.
        public let line: Int
        /// The text of the line, as written.
        public let text: String
        /// Why the line is not a pattern.
        public let reason: IgnorePatternError

        public var description: String {
            "\(ShoalInternalNames.ignoreFile) line \(line) ignored: \(reason) in '\(text)'"
        }
    }

    /// Rules with no patterns: only Shoal's own files are ignored.
    public static let none = IgnoreRules(parsing: "")

    /// The lines that could not be compiled and so take no part in matching.
    public let problems: [Problem]

    // In file order; matching runs backwards so the last match wins.
    let patterns: [IgnorePattern]

    /// Compiles the text of a `.shoalignore` file. Never fails: each malformed
    /// line is left out and reported in `problems`.
    ///
    /// Lines end at `\n`; a `\r` before it and a leading byte order mark are
    /// dropped, as git does.
    public init(parsing text: String) {
        var patterns: [IgnorePattern] = []
        var problems: [Problem] = []
        var body = Substring(text)
        if body.unicodeScalars.first == "\u{FEFF}" { body.unicodeScalars.removeFirst() }
        let lines = body.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (offset, bytes) in lines.enumerated() {
            let raw = Substring(bytes)
            let line = raw.utf8.last == UInt8(ascii: "\r") ? raw.dropLast() : raw
            let trimmed = Self.trimmingTrailingSpaces(line)
            if trimmed.isEmpty || trimmed.utf8.first == UInt8(ascii: "#") { continue }
            do {
                patterns.append(try IgnorePattern(line: String(trimmed)))
            } catch {
                problems.append(Problem(line: offset + 1, text: String(line), reason: error))
            }
        }
        self.patterns = patterns
        self.problems = problems
    }

    /// Drops trailing spaces that are not escaped with `\` (tabs stay, as in git).
    private static func trimmingTrailingSpaces(_ line: Substring) -> Substring {
        var keep = line.utf8.startIndex
        var index = keep
        while index < line.utf8.endIndex {
            let byte = line.utf8[index]
            index = line.utf8.index(after: index)
            if byte == UInt8(ascii: "\\"), index < line.utf8.endIndex {
                index = line.utf8.index(after: index)
            }
            if byte != UInt8(ascii: " ") { keep = index }
        }
        return line[..<keep]
    }
}
