import Foundation
import ShoalTestSupport
import Testing

/// `shoal versions` and `shoal restore` over versions kept by real
/// `FolderDisk` commits, with no daemon running.
@Suite struct VersionsCommandTests {
    /// A home with folder `docs` whose `a/plan.txt` was replaced twice:
    /// "first" (5 B) kept at 06:33:36, "second!" (7 B) at 06:34:36; it holds "third".
    func homeWithVersions() throws -> (TestHome, VersionPlanter) {
        let home = try TestHome()
        #expect(try home.run("folder", "add", "docs", "docs").status == 0)
        let planter = try VersionPlanter(root: home.directory.url("docs"))
        try planter.write("a/plan.txt", "first")
        try planter.replace("a/plan.txt", with: "second!")
        planter.advance(by: 60)
        try planter.replace("a/plan.txt", with: "third")
        return (home, planter)
    }

    func jsonArray(_ output: ShoalProcess.Output) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
    }

    // MARK: - Listing

    @Test func versionsAreListedNewestFirstWithTheirSizes() throws {
        let (home, _) = try homeWithVersions()
        let result = try home.run("versions", "docs/a/plan.txt")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == """
                Versions of a/plan.txt in folder docs, newest first:
                ID                 TIME                  SIZE  SOURCE
                20261124-063436-1  2026-11-24T06:34:36Z  7 B   local
                20261124-063336-1  2026-11-24T06:33:36Z  5 B   local
                Bring one back with `shoal restore PATH --version ID` (without --version: the newest).

                """)
        // The same from inside the folder, and by absolute path.
        let inside = try ShoalProcess.run(
            ["versions", "plan.txt", "--home", home.path], directory: home.directory.url("docs/a"))
        #expect(inside.stdout == result.stdout)
        #expect(try home.run("versions", home.directory.url("docs/a/plan.txt")).stdout == result.stdout)
    }

    @Test func jsonHasEveryField() throws {
        let (home, _) = try homeWithVersions()
        let result = try home.run("versions", "docs/a/plan.txt", "--json")
        #expect(result.status == 0, "\(result.stderr)")
        let versions = try jsonArray(result)
        #expect(versions.map { $0["id"] as? String } == ["20261124-063436-1", "20261124-063336-1"])
        #expect(versions.map { $0["time"] as? String } == ["2026-11-24T06:34:36Z", "2026-11-24T06:33:36Z"])
        #expect(versions.map { $0["size"] as? Int } == [7, 5])
        #expect(versions.allSatisfy { $0["source"] as? String == "local" })
        #expect(versions.allSatisfy { $0["path"] as? String == "a/plan.txt" })
        #expect(versions.allSatisfy { $0["folder"] as? String == "docs" })
    }

    @Test func aFileWithoutVersionsSaysSo() throws {
        let (home, planter) = try homeWithVersions()
        try planter.write("new.txt", "x")
        let result = try home.run("versions", "docs/new.txt")
        #expect(result.status == 0)
        #expect(result.stdout == "No versions of new.txt in folder docs are kept.\n")
        #expect(try jsonArray(try home.run("versions", "docs/new.txt", "--json")).isEmpty)
    }

    @Test func aPathOutsideEveryFolderIsRefused() throws {
        let (home, _) = try homeWithVersions()
        try home.directory.write("outside/a/plan.txt", "x")
        // `docsx` shares the folder's prefix but not at a component boundary.
        for path in ["outside/a/plan.txt", "docsx/a/plan.txt"] {
            for command in [["versions", path], ["restore", path]] {
                let result = try home.run(command)
                #expect(result.status != 0)
                #expect(
                    result.stderr.contains(
                        "\(home.directory.url(path)) is not inside any synced folder; `shoal folder list` shows them"))
            }
        }
    }

    // MARK: - Restoring

    @Test func restoreToAnOutputFileGivesTheExactOldBytes() throws {
        let (home, _) = try homeWithVersions()
        let first = try home.run("restore", "docs/a/plan.txt", "--version", "20261124-063336-1", "--output", "out.txt")
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Wrote version 20261124-063336-1 of a/plan.txt (5 B) to "))
        #expect(try String(contentsOfFile: home.directory.url("out.txt"), encoding: .utf8) == "first")

        let again = try home.run("restore", "docs/a/plan.txt", "--output", "out.txt")
        #expect(again.status != 0)
        #expect(again.stderr.contains("out.txt exists already; pass --force to replace it"))
        #expect(try String(contentsOfFile: home.directory.url("out.txt"), encoding: .utf8) == "first")

        let forced = try home.run("restore", "docs/a/plan.txt", "--output", "out.txt", "--force")
        #expect(forced.status == 0, "\(forced.stderr)")
        #expect(try String(contentsOfFile: home.directory.url("out.txt"), encoding: .utf8) == "second!")
        #expect(try String(contentsOfFile: home.directory.url("docs/a/plan.txt"), encoding: .utf8) == "third")
    }

    @Test func restoreInPlaceKeepsTheReplacedFileAsAVersion() throws {
        let (home, _) = try homeWithVersions()
        let result = try home.run("restore", "docs/a/plan.txt", "--version", "20261124-063336-1")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("Restored a/plan.txt from version 20261124-063336-1 (5 B). The daemon is not running"))
        #expect(try String(contentsOfFile: home.directory.url("docs/a/plan.txt"), encoding: .utf8) == "first")

        let versions = try jsonArray(try home.run("versions", "docs/a/plan.txt", "--json"))
        #expect(versions.count == 3)
        let newest = try #require(versions.first?["id"] as? String)
        #expect(result.stdout.contains("The file that was there is kept as version \(newest).\n"))
        let kept = home.directory.url("docs/.shoal/versions/a/plan.txt~\(newest)")
        #expect(try String(contentsOfFile: kept, encoding: .utf8) == "third")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: home.directory.url("docs/a"))
        #expect(leftovers == ["plan.txt"])  // no temporary
    }

    @Test func anUnknownVersionIsAnError() throws {
        let (home, _) = try homeWithVersions()
        let result = try home.run("restore", "docs/a/plan.txt", "--version", "20200101-000000-1")
        #expect(result.status != 0)
        #expect(
            result.stderr.contains(
                "there is no kept version 20200101-000000-1 of a/plan.txt; `shoal versions docs/a/plan.txt` lists them"))
        let malformed = try home.run("restore", "docs/a/plan.txt", "--version", "latest")
        #expect(malformed.status != 0)
        #expect(malformed.stderr.contains("'latest' is not a version ID"))
        #expect(try String(contentsOfFile: home.directory.url("docs/a/plan.txt"), encoding: .utf8) == "third")
    }

    @Test func aRemovedFileIsListedAndRestoredWithItsDirectory() throws {
        let (home, planter) = try homeWithVersions()
        try planter.write("old/dir/gone.txt", "gone but kept")
        planter.advance(by: 3600)
        try planter.remove("old/dir/gone.txt")
        try FileManager.default.removeItem(atPath: home.directory.url("docs/old"))

        let listed = try home.run("versions", "--deleted", "docs")
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("old/dir/gone.txt  20261124-073436-1  2026-11-24T07:34:36Z  13 B  1\n"))
        #expect(!listed.stdout.contains("a/plan.txt"))  // it still exists
        let json = try jsonArray(try home.run("versions", "--deleted", "docs", "--json"))
        #expect(json.count == 1)
        #expect(json.first?["path"] as? String == "old/dir/gone.txt")
        #expect(json.first?["id"] as? String == "20261124-073436-1")
        #expect(json.first?["time"] as? String == "2026-11-24T07:34:36Z")
        #expect(json.first?["stored"] as? String == ".shoal/versions/old/dir/gone.txt")

        let restored = try home.run("restore", "docs/old/dir/gone.txt")
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(!restored.stdout.contains("kept as version"))  // nothing was there to keep
        #expect(try String(contentsOfFile: home.directory.url("docs/old/dir/gone.txt"), encoding: .utf8) == "gone but kept")
        #expect(try home.run("versions", "--deleted", "docs").stdout == "No removed files with kept versions in folder docs.\n")
    }

    @Test func deletedNeedsAKnownFolder() throws {
        let home = try TestHome()
        let result = try home.run("versions", "--deleted", "nope")
        #expect(result.status != 0)
        #expect(result.stderr.contains("there is no folder 'nope'; `shoal folder list` shows them"))
        #expect(try home.run("versions").status != 0)
    }
}
