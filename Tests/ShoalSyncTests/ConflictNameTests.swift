import ShoalCrypto
import ShoalModel
import Testing

@testable import ShoalSync

@Suite struct ConflictNameTests {
    /// 2024-03-05 14:07:09 UTC, by device(1) whose ID starts `AGV2XK5`.
    func loser(_ path: String, mtime: Int64 = baseTime, by author: DeviceID = device(1)) -> FileRecord {
        record(path, content: Content(1), version: version((author, 3)), by: author, mtime: mtime)
    }

    @Test(arguments: [
        ("report.pdf", "report.sync-conflict-20240305-140709-AGV2XK5.pdf"),
        ("Makefile", "Makefile.sync-conflict-20240305-140709-AGV2XK5"),
        (".bashrc", ".bashrc.sync-conflict-20240305-140709-AGV2XK5"),
        (".config.json", ".config.sync-conflict-20240305-140709-AGV2XK5.json"),
        ("archive.tar.gz", "archive.tar.sync-conflict-20240305-140709-AGV2XK5.gz"),
        ("a/b/c.txt", "a/b/c.sync-conflict-20240305-140709-AGV2XK5.txt"),
        (".git/HEAD", ".git/HEAD.sync-conflict-20240305-140709-AGV2XK5"),
        ("dir.d/noext", "dir.d/noext.sync-conflict-20240305-140709-AGV2XK5"),
        ("photos/été.jpeg", "photos/été.sync-conflict-20240305-140709-AGV2XK5.jpeg"),
    ])
    func exactFormat(_ path: String, _ expected: String) throws {
        let copy = try ConflictName.path(for: loser(path))
        #expect(copy.string == expected)
        #expect(ConflictName.isConflictCopy(copy))
        #expect(!ConflictName.isConflictCopy(try! RelativePath(path)))
    }

    @Test func theDevicePartIsTheFirstSevenCharactersOfTheLosersID() throws {
        let author = TestDevice.a.id
        let copy = try ConflictName.path(for: loser("x.txt", by: author))
        #expect(copy.string == "x.sync-conflict-20240305-140709-\(author.description.prefix(7)).txt")
        #expect(device(1).description.hasPrefix("AGV2XK5-"))
    }

    @Test(arguments: [
        (0, "19700101-000000"),
        (-1, "19691231-235959"),
        (-1_000_000_000, "19691231-235959"),
        (-1_000_000_001, "19691231-235958"),
        (-14_182_940 * 1_000_000_000, "19690720-201740"),
        (-14_182_940 * 1_000_000_000 + 999_999_999, "19690720-201740"),
        (1_709_251_199 * 1_000_000_000, "20240229-235959"),
        (1_709_251_200 * 1_000_000_000, "20240301-000000"),
        (baseTime + 999_999_999, "20240305-140709"),
    ] as [(Int64, String)])
    func timestampsAreUTCAndRoundDown(_ nanoseconds: Int64, _ expected: String) throws {
        #expect(ConflictName.timestamp(nanoseconds) == expected)
        #expect(try ConflictName.path(for: loser("f", mtime: nanoseconds)).string == "f.sync-conflict-\(expected)-AGV2XK5")
    }

    /// Day numbers checked against GNU `date -u -d @$((days*86400)) +%F`.
    static let knownDates: [(days: Int64, date: String)] = [
        (0, "1970-01-01"), (-1, "1969-12-31"), (11_016, "2000-02-29"), (19_782, "2024-02-29"),
        (19_783, "2024-03-01"), (-25_567, "1900-01-01"), (-25_509, "1900-02-28"), (-25_508, "1900-03-01"),
        (47_540, "2100-02-28"), (47_541, "2100-03-01"), (-135_081, "1600-02-29"), (-719_468, "0000-03-01"),
        (-719_469, "0000-02-29"), (2_932_896, "9999-12-31"),
    ]

    @Test(arguments: knownDates)
    func civilDates(_ known: (days: Int64, date: String)) {
        let (year, month, day) = ConflictName.civilDate(daysSinceEpoch: known.days)
        #expect("\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" == known.date)
    }

    private func pad(_ value: Int64, _ width: Int) -> String {
        String(repeating: "0", count: width - String(value).count) + String(value)
    }

    @Test func aLongNameIsShortenedToTheComponentLimitKeepingTheSuffix() throws {
        let stem = String(repeating: "x", count: 250)
        let copy = try ConflictName.path(for: loser("dir/" + stem + ".txt"))
        let name = String(copy.name)
        #expect(name.utf8.count == RelativePath.maxComponentByteCount)
        #expect(name == String(repeating: "x", count: 213) + ".sync-conflict-20240305-140709-AGV2XK5.txt")
        #expect(copy.parent == (try RelativePath("dir")))
    }

    @Test func shorteningNeverSplitsACharacter() throws {
        let stem = String(repeating: "é", count: 120)  // 240 bytes
        let name = String(try ConflictName.path(for: loser(stem + ".txt")).name)
        #expect(name == String(repeating: "é", count: 106) + ".sync-conflict-20240305-140709-AGV2XK5.txt")
        #expect(name.utf8.count == 254)
    }

    @Test func aDeepPathIsShortenedToThePathLimit() throws {
        // 15 directories of 255 bytes: 3840 bytes with slashes, 255 left.
        let parent = Array(repeating: String(repeating: "d", count: 255), count: 15).joined(separator: "/")
        let copy = try ConflictName.path(for: loser(parent + "/" + String(repeating: "n", count: 240) + ".md"))
        #expect(copy.string.utf8.count <= RelativePath.maxByteCount)
        #expect(copy.parent?.string == parent)
        #expect(copy.name == Substring(String(repeating: "n", count: 214) + ".sync-conflict-20240305-140709-AGV2XK5.md"))
        // A 16th directory of 200 bytes leaves 54 for the name: 16 of the stem's 20 bytes stay.
        let deeper = parent + "/" + String(repeating: "e", count: 200)
        let deepCopy = try ConflictName.path(for: loser(deeper + "/" + String(repeating: "n", count: 20)))
        #expect(deepCopy.string.utf8.count == RelativePath.maxByteCount)
        #expect(deepCopy.name == Substring(String(repeating: "n", count: 16) + ".sync-conflict-20240305-140709-AGV2XK5"))
    }

    @Test func aDirectoryTooCloseToThePathLimitHasNoRoomForACopy() throws {
        // 4079 bytes of directories leave 16 for the name: a valid path, but
        // the 38-byte marker, time and device cannot fit.
        let parent = Array(repeating: String(repeating: "d", count: 254), count: 16).joined(separator: "/")
        #expect(throws: PathError.tooLong(byteCount: 4080 + 38)) { try ConflictName.path(for: loser(parent + "/f")) }
    }

    @Test func anExtensionTooLongForTheComponentLimitHasNoRoomForACopy() throws {
        let name = "x." + String(repeating: "e", count: 240)
        #expect(throws: PathError.self) { try ConflictName.path(for: loser(name)) }
    }

    @Test func theSameLoserAlwaysGetsTheSamePath() throws {
        let one = loser("notes/today.txt")
        var another = one
        another.sequence = 99  // another device's copy of the same record
        another.version = version((device(1), 3), (device(2), 1))
        #expect(try ConflictName.path(for: one) == ConflictName.path(for: another))
        #expect(try ConflictName.path(for: one) != ConflictName.path(for: loser("notes/today.txt", by: device(2))))
        let aSecondLater = loser("notes/today.txt", mtime: baseTime + 1_000_000_000)
        #expect(try ConflictName.path(for: one) != ConflictName.path(for: aSecondLater))
    }
}
