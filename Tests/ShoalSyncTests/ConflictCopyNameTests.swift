import ShoalCrypto
import ShoalModel
import Testing

@testable import ShoalSync

@Suite struct ConflictCopyNameTests {
    /// Every name `ConflictName` writes reads back to the original's name, the time and the device.
    @Test(arguments: [
        "report.pdf", "Makefile", ".bashrc", ".config.json", "archive.tar.gz", "a/b/c.txt", "photos/été.jpeg",
        "odd.", "x.sync-conflict-foo", "dir.d/noext",
    ])
    func namesWrittenByConflictNameReadBack(_ path: String) throws {
        let loser = record(path, content: Content(1), version: version((device(1), 3)), by: device(1))
        for distinct in [false, true] {
            let copy = try ConflictName.path(for: loser, distinct: distinct)
            let parsed = try #require(ConflictCopyName(String(copy.name)), "\(copy)")
            #expect(parsed.originalName == String(loser.path.name))
            #expect(parsed.timestamp == "20240305-140709")
            #expect(parsed.isoTimestamp == "2024-03-05T14:07:09Z")
            #expect(parsed.deviceShortID == "AGV2XK5")
            #expect((parsed.variant != nil) == distinct)
            if let variant = parsed.variant { #expect(copy.string.contains("-AGV2XK5-\(variant)")) }
        }
    }

    @Test func aConflictCopyOfAConflictCopyNamesTheFirstCopy() {
        let name = "a.sync-conflict-20240101-000000-AAAAAAA.sync-conflict-20240102-030405-BBBBBBB.txt"
        let parsed = ConflictCopyName(name)
        #expect(parsed?.originalName == "a.sync-conflict-20240101-000000-AAAAAAA.txt")
        #expect(parsed?.deviceShortID == "BBBBBBB")
        #expect(parsed?.timestamp == "20240102-030405")
    }

    @Test(arguments: [
        "report.pdf",
        "report.sync-conflict.pdf",
        "x.sync-conflict-2024030-140709-AGV2XK5.txt",
        "x.sync-conflict-20241305-140709-AGV2XK5.txt",
        "x.sync-conflict-20240300-140709-AGV2XK5.txt",
        "x.sync-conflict-20240305-240709-AGV2XK5.txt",
        "x.sync-conflict-20240305-140760-AGV2XK5.txt",
        "x.sync-conflict-20240305-140709-agv2xk5.txt",
        "x.sync-conflict-20240305-140709-AGV2XK.txt",
        "x.sync-conflict-20240305-140709-AGV2XK5x",
        "x.sync-conflict-20240305-140709-AGV2XK5.tar.gz",
        "x.sync-conflict-20240305-140709-AGV2XK5-1a2b3c.txt",
        "x.sync-conflict-20240305-140709-AGV2XK5-1A2B3C4D.txt",
        ".sync-conflict-20240305-140709-AGV2XK5",
    ])
    func otherNamesAreNotConflictCopies(_ name: String) {
        #expect(ConflictCopyName(name) == nil)
    }
}
