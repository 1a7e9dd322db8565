import Foundation
import ShoalCrypto
import ShoalTestSupport
import Testing

@Suite struct ConflictsCommandTests {
    @Test func listsPlantedConflictCopiesAndNothingElse() throws {
        let home = try TestHome()
        let laptop = otherDevice(1)
        #expect(try home.run("peer", "add", laptop.description, "--name", "laptop").status == 0)
        #expect(try home.run("folder", "add", "docs", "docs").status == 0)
        let copy = "notes.sync-conflict-20240305-140709-\(laptop.shortID).txt"
        try home.directory.write("docs/a/notes.txt", "mine")
        try home.directory.write("docs/a/\(copy)", "theirs")
        // Not conflict copies, or not the user's: none of these is listed.
        try home.directory.write("docs/a/notes.sync-conflict-badtime-\(laptop.shortID).txt", "x")
        try home.directory.write("docs/.shoal/versions/\(copy)", "kept version")
        try home.directory.write("docs/a/.shoal-tmp-\(copy)", "partial")
        try home.directory.write("outside/\(copy)", "not in a folder")
        try FileManager.default.createSymbolicLink(
            atPath: home.directory.url("docs/link"), withDestinationPath: home.directory.url("outside"))

        let text = try home.run("conflicts")
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("docs (\(home.directory.url("docs"))):"))
        let by = "by laptop (\(laptop.shortID)) at 2024-03-05T14:07:09Z"
        #expect(text.stdout.contains("  a/\(copy)\n    copy of a/notes.txt, \(by)\n"))
        #expect(text.stdout.contains("1 conflict copy."))
        #expect(text.stdout.split(separator: "\n").filter { $0.contains("sync-conflict") }.count == 1)

        let json = try home.run("conflicts", "--json")
        #expect(json.status == 0)
        let folders = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(folders.count == 1)
        let conflicts = try #require(folders.first?["conflicts"] as? [[String: Any]])
        #expect(conflicts.count == 1)
        #expect(conflicts.first?["path"] as? String == "a/\(copy)")
        #expect(conflicts.first?["original"] as? String == "a/notes.txt")
        #expect(conflicts.first?["original_exists"] as? Bool == true)
        #expect(conflicts.first?["device"] as? String == laptop.shortID)
        #expect(conflicts.first?["device_name"] as? String == "laptop")
        #expect(conflicts.first?["time"] as? String == "2024-03-05T14:07:09Z")
    }

    @Test func aFolderWithoutConflictsSaysSo() throws {
        let home = try TestHome()
        #expect(try home.run("folder", "add", "docs", "docs").status == 0)
        try home.directory.write("docs/plain.txt", "x")
        let result = try home.run("conflicts")
        #expect(result.status == 0)
        #expect(result.stdout == "No conflict copies in 1 folder.\n")
    }

    @Test func aMissingFolderIsAWarningNotAFailure() throws {
        let home = try TestHome()
        #expect(try home.run("folder", "add", "docs", "docs").status == 0)
        try FileManager.default.removeItem(atPath: home.directory.url("docs"))
        let result = try home.run("conflicts", "--json")
        #expect(result.status == 0)
        #expect(result.stderr.contains("warning: folder docs: cannot read \(home.directory.url("docs")): No such file"))
        #expect(result.stdout.contains("\"error\" : \"cannot read it:"))
    }
}
