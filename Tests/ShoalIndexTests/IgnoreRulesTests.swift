import Testing

@testable import ShoalIndex

/// One query against rules parsed from `rules`: is `path` ignored?
struct IgnoreCase: CustomTestStringConvertible, Sendable {
    let rules: String
    let path: String
    let isDirectory: Bool
    let ignored: Bool

    init(_ rules: String, _ path: String, directory: Bool = false, ignored: Bool) {
        self.rules = rules
        self.path = path
        self.isDirectory = directory
        self.ignored = ignored
    }

    var testDescription: String {
        "\(rules.debugDescription) \(ignored ? "ignores" : "keeps") \(path)\(isDirectory ? "/" : "")"
    }
}

@Suite struct IgnoreRulesTests {
    static let linesAndEscapes: [IgnoreCase] = [
        IgnoreCase("# comment\n\nfoo", "# comment", ignored: false),
        IgnoreCase("# comment\n\nfoo", "foo", ignored: true),
        IgnoreCase("\\#foo", "#foo", ignored: true),
        IgnoreCase("\\!foo", "!foo", ignored: true),
        IgnoreCase("\\!foo", "foo", ignored: false),
        IgnoreCase("foo   ", "foo", ignored: true),
        IgnoreCase("foo   ", "foo ", ignored: false),
        IgnoreCase("foo\\ ", "foo ", ignored: true),
        IgnoreCase("foo\\ ", "foo", ignored: false),
        IgnoreCase("foo\\\\ ", "foo\\", ignored: true),
        IgnoreCase("foo\r\nbar\r\n", "foo", ignored: true),
        IgnoreCase("foo\r\nbar\r\n", "bar", ignored: true),
        IgnoreCase("\u{FEFF}foo", "foo", ignored: true),
        IgnoreCase("f\\*o", "f*o", ignored: true),
        IgnoreCase("f\\*o", "fxo", ignored: false),
    ]

    static let negationAndDirectories: [IgnoreCase] = [
        IgnoreCase("*.log\n!keep.log", "a.log", ignored: true),
        IgnoreCase("*.log\n!keep.log", "keep.log", ignored: false),
        IgnoreCase("!keep.log\n*.log", "keep.log", ignored: true),
        IgnoreCase("*.log\n!keep.log\nkeep.log", "keep.log", ignored: true),
        IgnoreCase("build/", "build", directory: true, ignored: true),
        IgnoreCase("build/", "build", ignored: false),
        IgnoreCase("build/", "src/build", directory: true, ignored: true),
        IgnoreCase("build/", "build/out.o", ignored: true),
        IgnoreCase("build", "build", ignored: true),
        IgnoreCase("a/b/", "a/b", directory: true, ignored: true),
        IgnoreCase("a/b/", "a/b", ignored: false),
        IgnoreCase("a/b/", "x/a/b", directory: true, ignored: false),
    ]

    static let anchoring: [IgnoreCase] = [
        IgnoreCase("/foo", "foo", ignored: true),
        IgnoreCase("/foo", "a/foo", ignored: false),
        IgnoreCase("foo", "a/b/foo", ignored: true),
        IgnoreCase("a/b", "a/b", ignored: true),
        IgnoreCase("a/b", "x/a/b", ignored: false),
        IgnoreCase("doc/*.txt", "doc/a.txt", ignored: true),
        IgnoreCase("doc/*.txt", "doc/x/a.txt", ignored: false),
        IgnoreCase("doc/*.txt", "x/doc/a.txt", ignored: false),
    ]

    static let wildcards: [IgnoreCase] = [
        IgnoreCase("a*z", "abcz", ignored: true),
        IgnoreCase("a*z", "az", ignored: true),
        IgnoreCase("a*z", "abc", ignored: false),
        IgnoreCase("a/*.c", "a/x.c", ignored: true),
        IgnoreCase("a/*.c", "a/b/x.c", ignored: false),
        IgnoreCase("*.tar.gz", "x.tar.gz", ignored: true),
        IgnoreCase("*.tar.gz", "x.tar", ignored: false),
        IgnoreCase("tmp*", "tmpfile", ignored: true),
        IgnoreCase("tmp*", "atmp", ignored: false),
        IgnoreCase("a*b*c", "aXbYbc", ignored: true),
        IgnoreCase("a*b*c", "aXbYb", ignored: false),
        IgnoreCase("*", ".hidden", ignored: true),
        IgnoreCase("fo?", "foo", ignored: true),
        IgnoreCase("fo?", "fo", ignored: false),
        IgnoreCase("fo?", "fooo", ignored: false),
        IgnoreCase("a?b", "a/b", ignored: false),
        IgnoreCase("caf?", "café", ignored: true),
        IgnoreCase("*é", "fiancé", ignored: true),
        IgnoreCase("*?é", "é", ignored: false),
    ]

    static let characterClasses: [IgnoreCase] = [
        IgnoreCase("[abc].txt", "a.txt", ignored: true),
        IgnoreCase("[abc].txt", "d.txt", ignored: false),
        IgnoreCase("[a-c]x", "bx", ignored: true),
        IgnoreCase("[a-c]x", "dx", ignored: false),
        IgnoreCase("[!a-c]x", "dx", ignored: true),
        IgnoreCase("[!a-c]x", "ax", ignored: false),
        IgnoreCase("[^a-c]x", "dx", ignored: true),
        IgnoreCase("[^a-c]x", "bx", ignored: false),
        IgnoreCase("[]]", "]", ignored: true),
        IgnoreCase("[a-]", "-", ignored: true),
        IgnoreCase("[\\]]x", "]x", ignored: true),
        IgnoreCase("[z-a]", "m", ignored: false),
        IgnoreCase("[éa]", "é", ignored: true),
        IgnoreCase("[!é]", "é", ignored: false),
        IgnoreCase("[0-9][0-9]", "42", ignored: true),
        IgnoreCase("[0-9][0-9]", "4", ignored: false),
    ]

    static let doubleStars: [IgnoreCase] = [
        IgnoreCase("**/foo", "foo", ignored: true),
        IgnoreCase("**/foo", "a/b/foo", ignored: true),
        IgnoreCase("**/foo", "a/xfoo", ignored: false),
        IgnoreCase("**/foo/bar", "foo/bar", ignored: true),
        IgnoreCase("**/foo/bar", "x/foo/bar", ignored: true),
        IgnoreCase("**/foo/bar", "x/foo/baz", ignored: false),
        IgnoreCase("abc/**", "abc/x", ignored: true),
        IgnoreCase("abc/**", "abc/x/y", ignored: true),
        IgnoreCase("abc/**", "abc", directory: true, ignored: false),
        IgnoreCase("abc/**", "x/abc/y", ignored: false),
        IgnoreCase("a/**/b", "a/b", ignored: true),
        IgnoreCase("a/**/b", "a/x/b", ignored: true),
        IgnoreCase("a/**/b", "a/x/y/b", ignored: true),
        IgnoreCase("a/**/b", "a/xb", ignored: false),
        IgnoreCase("a/**/b", "b", ignored: false),
        IgnoreCase("a**b", "axxb", ignored: true),
        IgnoreCase("x/a**b", "x/acb", ignored: true),
        IgnoreCase("x/a**b", "x/a/c/b", ignored: false),
        IgnoreCase("/**", "anything/at/all", ignored: true),
    ]

    static let parentsStayExcluded: [IgnoreCase] = [
        IgnoreCase("build/\n!build/keep.txt", "build/keep.txt", ignored: true),
        IgnoreCase("build\n!keep.txt", "build/keep.txt", ignored: true),
        IgnoreCase("foo/*\n!foo/bar", "foo/bar", directory: true, ignored: false),
        IgnoreCase("foo/*\n!foo/bar", "foo/bar/q", ignored: false),
        IgnoreCase("foo/*\n!foo/bar", "foo/baz", ignored: true),
        IgnoreCase("/*\n!/src", "src/main.swift", ignored: false),
        IgnoreCase("/*\n!/src", "docs/index.md", ignored: true),
        IgnoreCase("*\n!*/\n!*.swift", "a/b/c.swift", ignored: false),
        IgnoreCase("*\n!*/\n!*.swift", "a/b/c.txt", ignored: true),
    ]

    @Test(arguments: linesAndEscapes + negationAndDirectories + anchoring)
    func linesNegationDirectoriesAnchoring(_ check: IgnoreCase) {
        expect(check)
    }

    @Test(arguments: wildcards + characterClasses)
    func wildcardsAndClasses(_ check: IgnoreCase) {
        expect(check)
    }

    @Test(arguments: doubleStars)
    func doubleStar(_ check: IgnoreCase) {
        expect(check)
    }

    @Test(arguments: parentsStayExcluded)
    func nothingUnderAnExcludedDirectoryIsReincluded(_ check: IgnoreCase) {
        expect(check)
    }

    private func expect(_ check: IgnoreCase) {
        let rules = IgnoreRules(parsing: check.rules)
        #expect(rules.problems.isEmpty)
        #expect(rules.isIgnored(check.path, isDirectory: check.isDirectory) == check.ignored)
    }

    @Test(arguments: [
        (".shoal", true), (".shoal/index.db", true), (".shoal-tmp-1234", true),
        ("a/b/.shoal-tmp-x", true), (".shoal-tmp-dir/file", true),
        ("a/.shoal", false), (".shoalignore", false), (".shoalx", false), ("x.shoal-tmp-", false),
    ])
    func internalNamesAreAlwaysIgnored(path: String, isInternal: Bool) {
        #expect(ShoalInternalNames.isInternal(relativePath: path) == isInternal)
        #expect(IgnoreRules.none.isIgnored(path, isDirectory: false) == isInternal)
        let reincluding = IgnoreRules(parsing: "!.shoal\n!.shoal/**\n!.shoal-tmp-*")
        #expect(reincluding.isIgnored(path, isDirectory: false) == isInternal)
    }

    @Test func malformedLinesAreReportedAndLeftOut() {
        let rules = IgnoreRules(parsing: "ok\n[abc\n*.log\nfoo\\\n!\n[[:alpha:]]\n/\n")
        #expect(
            rules.problems.map { [$0.line: $0.reason] } == [
                [2: .unterminatedCharacterClass], [4: .trailingBackslash], [5: .emptyPattern],
                [6: .unsupportedClassName("alpha")], [7: .emptyPattern],
            ])
        #expect(rules.problems.first?.text == "[abc")
        #expect(
            rules.problems.first?.description
                == ".shoalignore line 2 ignored: '[' starts a character class that is never closed with ']' in '[abc'"
        )
        #expect(rules.isIgnored("x.log", isDirectory: false))
        #expect(rules.isIgnored("ok", isDirectory: false))
        #expect(!rules.isIgnored("a", isDirectory: false))
        #expect(!rules.isIgnored("[abc", isDirectory: false))
    }

    @Test func theFastEntryPointChecksOnlyThePathItself() {
        let rules = IgnoreRules(parsing: "build/\n*.o")
        #expect(rules.isIgnoredAssumingParentIncluded("src/x.o", isDirectory: false))
        #expect(rules.isIgnoredAssumingParentIncluded("src/build", isDirectory: true))
        #expect(!rules.isIgnoredAssumingParentIncluded("build/readme", isDirectory: false))
        #expect(rules.isIgnoredAssumingParentIncluded(".shoal", isDirectory: true))
        #expect(!rules.isIgnored("", isDirectory: true))
    }
}
