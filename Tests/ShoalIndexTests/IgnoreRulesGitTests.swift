import Foundation
import ShoalTestSupport
import Testing

@testable import ShoalIndex

/// Checks `IgnoreRules` against `git check-ignore` on a real tree, when git is installed.
@Suite struct IgnoreRulesGitTests {
    static let rules = """
        # a comment, then a blank line

        *.log
        !keep.log
        build/
        /root-only
        doc/*.txt
        **/cache
        abc/**
        a/**/b
        te?t
        [!a-c]x.dat
        [0-9][0-9].num
        foo/*
        !foo/bar
        trail\\ 
        spaces   
        \\#hash
        \\!bang
        x/a**b
        out
        !out/keep
        """

    /// Every path of the tree, parents before children; `true` marks a directory.
    static let tree: [(path: String, isDirectory: Bool)] = [
        ("a.log", false), ("keep.log", false), ("sub", true), ("sub/keep.log", false),
        ("sub/root-only", false), ("root-only", false), ("build", true), ("build/x", false),
        ("src", true), ("src/build", true), ("lib", true), ("lib/build", false),
        ("doc", true), ("doc/a.txt", false), ("doc/x", true), ("doc/x/a.txt", false),
        ("x", true), ("x/doc", true), ("x/doc/a.txt", false), ("cache", true),
        ("deep", true), ("deep/er", true), ("deep/er/cache", true), ("deep/er/cache/f", false),
        ("abc", true), ("abc/x", false), ("abc/y", true), ("abc/y/z", false),
        ("a", true), ("a/b", false), ("a/x", true), ("a/x/b", false), ("a/x/y", true),
        ("a/x/y/b", false), ("a/xb", false), ("test", false), ("tet", false), ("teest", false),
        ("dx.dat", false), ("ax.dat", false), ("42.num", false), ("4.num", false),
        ("foo", true), ("foo/bar", true), ("foo/bar/q", false), ("foo/baz", false),
        ("trail ", false), ("trail", false), ("spaces", false), ("#hash", false),
        ("!bang", false), ("x/acb", false), ("x/a", true), ("x/a/c", true), ("x/a/c/b", false),
        ("out", true), ("out/keep", false), ("README", false), ("café", false),
    ]

    static let gitIsAvailable = (try? runGit(["--version"], in: nil)) != nil

    @Test(.enabled(if: gitIsAvailable)) func agreesWithGitCheckIgnore() throws {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("shoal-ignore-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        for entry in Self.tree {
            let url = root.appendingPathComponent(entry.path)
            if entry.isDirectory {
                try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            } else {
                #expect(FileManager.default.createFile(atPath: url.path, contents: Data()))
            }
        }
        try Data(Self.rules.utf8).write(to: root.appendingPathComponent(".gitignore"))
        _ = try Self.runGit(["init", "-q"], in: root)

        let query = Self.tree.map { $0.path + "\0" }.joined()
        let output = try Self.runGit(
            ["-c", "core.excludesFile=/dev/null", "check-ignore", "--no-index", "--stdin", "-z"],
            in: root, input: query)
        let ignoredByGit = Set(output.split(separator: "\0").map(String.init))
        #expect(ignoredByGit.contains("a.log"), "git check-ignore answered: \(output.debugDescription)")

        let rules = IgnoreRules(parsing: Self.rules)
        #expect(rules.problems.isEmpty)
        for entry in Self.tree {
            let ignored = rules.isIgnored(entry.path, isDirectory: entry.isDirectory)
            #expect(ignored == ignoredByGit.contains(entry.path), "\(entry.path)")
        }
    }

    /// Runs git and returns its standard output; exit status 1 from
    /// `check-ignore` only means that nothing was ignored.
    private static func runGit(_ arguments: [String], in directory: URL?, input: String = "") throws -> String {
        let output = try ChildProcess.run(
            URL(fileURLWithPath: "/usr/bin/env"), ["git"] + arguments, directory: directory, input: input,
            deadline: .seconds(60))
        guard output.status <= 1, !output.timedOut else { throw CocoaError(.executableLoad) }
        return output.stdout
    }
}
