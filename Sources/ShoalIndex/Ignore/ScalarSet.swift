/// The Unicode scalars a bracket expression such as `[a-z_]` or `[!0-9]` matches.
struct ScalarSet: Equatable, Sendable {
    /// Inclusive ranges of scalar values; a single character is a one-value range.
    private(set) var ranges: [ClosedRange<UInt32>] = []
    /// Whether the class began with `!` or `^`, matching scalars not in `ranges`.
    private(set) var isNegated = false

    /// Whether the scalar with value `value` is matched.
    func contains(_ value: UInt32) -> Bool {
        ranges.contains { $0.contains(value) } != isNegated
    }

    /// Parses the class whose `[` is at `start`, following git's rules: `!` or
    /// `^` first negates, a `]` first is literal, `a-z` is a range, `-` first
    /// or last is literal, and `\` makes the next character literal.
    ///
    /// - Returns: The class and the index of its closing `]`.
    /// - Throws: `IgnorePatternError.unterminatedCharacterClass` when no `]`
    ///   closes it, `.unsupportedClassName` for a POSIX name like `[:alpha:]`.
    static func parse(
        _ scalars: ArraySlice<Unicode.Scalar>, openingAt start: Int
    ) throws(IgnorePatternError) -> (ScalarSet, end: Int) {
        var set = ScalarSet()
        var index = start + 1
        if index < scalars.endIndex, scalars[index] == "!" || scalars[index] == "^" {
            set.isNegated = true
            index += 1
        }
        let firstMember = index
        while index < scalars.endIndex {
            if scalars[index] == "]", index > firstMember {
                return (set, index)
            }
            if scalars[index] == "[", index + 1 < scalars.endIndex, scalars[index + 1] == ":",
                let name = className(scalars, from: index + 2)
            {
                throw .unsupportedClassName(name)
            }
            let low = try member(scalars, at: &index)
            var high = low
            if index + 1 < scalars.endIndex, scalars[index] == "-", scalars[index + 1] != "]" {
                index += 1
                high = try member(scalars, at: &index)
            }
            // Like git, a reversed range such as `z-a` matches nothing.
            if low.value <= high.value { set.ranges.append(low.value...high.value) }
        }
        throw .unterminatedCharacterClass
    }

    /// Reads one possibly escaped member at `index` and moves past it.
    private static func member(
        _ scalars: ArraySlice<Unicode.Scalar>, at index: inout Int
    ) throws(IgnorePatternError) -> Unicode.Scalar {
        if scalars[index] == "\\" {
            index += 1
            guard index < scalars.endIndex else { throw .unterminatedCharacterClass }
        }
        defer { index += 1 }
        return scalars[index]
    }

    /// The name in `[:name:]` when `:]` follows, as git requires for a class name.
    private static func className(_ scalars: ArraySlice<Unicode.Scalar>, from start: Int) -> String? {
        var index = start
        while index + 1 < scalars.endIndex, scalars[index] != "]" {
            if scalars[index] == ":", scalars[index + 1] == "]" {
                var name = String.UnicodeScalarView()
                name.append(contentsOf: scalars[start..<index])
                return String(name)
            }
            index += 1
        }
        return nil
    }
}
