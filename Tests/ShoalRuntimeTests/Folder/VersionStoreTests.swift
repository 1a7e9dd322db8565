import Foundation
import ShoalIndex
import ShoalModel
import ShoalSync
import Testing

@testable import ShoalRuntime

/// The version store: naming, listing, retention.
@Suite struct VersionStoreTests {
    /// Replaces `name` with new content through a commit that keeps the old file.
    func replace(_ folder: FolderFixture, _ name: String, with text: String) throws {
        let old = try #require(folder.stat(name))
        try folder.pull(name, text)
        let outcome = folder.disk.perform(
            .commitFile(
                target: path(name), expected: .file(old), permissions: 0o644, modifiedNanoseconds: 0,
                keepReplaced: true, conflictCopy: nil))
        #expect(outcome == .done(stat: folder.stat(name)))
    }

    @Test func versionsKeptInOneSecondAreNumberedAndListedOldestFirst() throws {
        let folder = try FolderFixture()
        try folder.write("a.txt", "v1")
        try replace(folder, "a.txt", with: "v2")
        try replace(folder, "a.txt", with: "v3")
        folder.clock.advance(by: 61)
        try replace(folder, "a.txt", with: "v4")

        let versions = try folder.disk.versions.versions(of: path("a.txt"))
        #expect(
            versions.map(\.location) == [
                ".shoal/versions/a.txt~20250102-030405-1", ".shoal/versions/a.txt~20250102-030405-2",
                ".shoal/versions/a.txt~20250102-030506-1",
            ])
        #expect(
            versions.map(\.storedAt) == [
                FolderFixture.startTime, FolderFixture.startTime, FolderFixture.startTime + 61,
            ])
        #expect(try folder.versions(of: "a.txt") == ["v1", "v2", "v3"])
        #expect(folder.read("a.txt") == "v4")
    }

    @Test func retentionDropsTheOldestBeyondTheLimit() throws {
        let folder = try FolderFixture(retention: VersionRetention(maxVersions: 3))
        try folder.write("a.txt", "v0")
        for n in 1...5 {
            folder.clock.advance(by: 1)
            try replace(folder, "a.txt", with: "v\(n)")
        }
        #expect(try folder.versions(of: "a.txt") == ["v2", "v3", "v4"])
        #expect(folder.read("a.txt") == "v5")
    }

    @Test func retentionDropsVersionsOlderThanTheMaximumAge() throws {
        let folder = try FolderFixture(retention: VersionRetention(maxVersions: 10, maxAgeDays: 2))
        try folder.write("a.txt", "v0")
        try replace(folder, "a.txt", with: "v1")
        folder.clock.advance(by: 86_400)
        try replace(folder, "a.txt", with: "v2")
        folder.clock.advance(by: 86_400 + 1)
        try replace(folder, "a.txt", with: "v3")
        #expect(try folder.versions(of: "a.txt") == ["v1", "v2"])
        #expect(folder.read("a.txt") == "v3")
    }

    @Test func versionsOfOtherNamesInTheDirectoryAreNotMixedIn() throws {
        let folder = try FolderFixture()
        for name in ["a", "a~b", "ab"] {
            try folder.write(name, name + " old")
            try replace(folder, name, with: name + " new")
        }
        #expect(try folder.versions(of: "a") == ["a old"])
        #expect(try folder.versions(of: "a~b") == ["a~b old"])
        #expect(try folder.versions(of: "missing").isEmpty)
        #expect(try folder.versions(of: "no/such/dir").isEmpty)
    }

    @Test func longNamesAreCutToFitAndStillListed() throws {
        let folder = try FolderFixture()
        let long = String(repeating: "n", count: 250)
        try folder.write(long, "old")
        try replace(folder, long, with: "new")
        let versions = try folder.disk.versions.versions(of: path(long))
        #expect(versions.count == 1)
        #expect(versions.allSatisfy { $0.location.split(separator: "/").last!.utf8.count <= 255 })
        #expect(try folder.versions(of: long) == ["old"])
    }

    @Test func namesParseBackAndRefuseLookalikes() {
        let stamp = VersionName.stamp(FolderFixture.startTime)
        #expect(stamp == "20250102-030405")
        let name = VersionName.name(base: "x", storedAt: FolderFixture.startTime, sequence: 12)
        #expect(VersionName.parse(name, base: "x")?.storedAt == FolderFixture.startTime)
        #expect(VersionName.parse(name, base: "x")?.sequence == 12)
        for other in [
            "x~20250102-030405", "x~20250102-030405-", "x~20251302-030405-1", "x~2025010-2030405-1",
            "y~20250102-030405-1",
        ] {
            #expect(VersionName.parse(other, base: "x") == nil)
        }
    }

    @Test func retentionIsReadFromTheConfigurationWithDefaults() throws {
        let decoded = try JSONDecoder().decode(VersionRetention.self, from: Data(#"{"max_age_days": 30}"#.utf8))
        #expect(decoded == VersionRetention(maxVersions: 10, maxAgeDays: 30))
        #expect(VersionRetention(maxVersions: 0).maxVersions == 1)
    }
}
