/// Why a line of a `.shoalignore` file is not a usable pattern.
public enum IgnorePatternError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A `[` opens a character class that no `]` closes.
    case unterminatedCharacterClass
    /// The pattern ends with a single `\` that escapes nothing.
    case trailingBackslash
    /// Nothing is left to match once `!`, `/` and trailing spaces are removed.
    case emptyPattern
    /// A POSIX class name such as `[:alpha:]`, which Shoal does not support.
    case unsupportedClassName(String)

    public var description: String {
        switch self {
        case .unterminatedCharacterClass:
            "'[' starts a character class that is never closed with ']'"
        case .trailingBackslash:
            "the pattern ends with a '\\' that escapes nothing"
        case .emptyPattern:
            "the pattern is empty"
        case .unsupportedClassName(let name):
            "the character class name '[:\(name):]' is not supported; list the characters instead"
        }
    }
}
