import Foundation
import Glibc
import ShoalModel
import ShoalTestSupport
import Testing

@testable import ShoalIndex

/// Entries a scan cannot sync are skipped with a reason; the scan finishes and
/// the index holds everything else.
@Suite struct ScannerBadInputTests {
    @Test func invalidUTF8NamesAreSkipped() throws {
        let f = try ScanFixture()
        try f.directory.write("good.txt", "fine")
        let bad = Array(f.directory.path.utf8) + Array("/bad-\u{00}".utf8.dropLast()) + [0xFF, 0xFE]
        let fd = open(bad.map { CChar(bitPattern: $0) } + [0], O_CREAT | O_WRONLY, 0o644)
        try #require(fd >= 0)
        close(fd)

        let report = try f.scan()
        #expect(try f.livePaths() == ["good.txt"])
        #expect(report.skipped.count == 1)
        #expect(report.skipped[0].reason.contains("not valid UTF-8"))
    }

    @Test func namesDifferingOnlyByNormalisationKeepTheNFCOne() throws {
        let f = try ScanFixture()
        try f.directory.write("caf\u{E9}.txt", "composed")
        try f.directory.write("cafe\u{301}.txt", "decomposed")

        let report = try f.scan()
        #expect(try f.livePaths() == ["caf\u{E9}.txt"])
        #expect(report.skipped.map(\.path) == ["cafe\u{301}.txt"])
        #expect(report.skipped[0].reason.contains("NFC"))
    }

    @Test func pathsOverTheLimitAreSkipped() throws {
        let f = try ScanFixture()
        let name = String(repeating: "n", count: 250)
        var directory = open(f.directory.path, O_RDONLY | O_DIRECTORY)
        for _ in 0..<17 {
            try #require(mkdirat(directory, name, 0o755) == 0)
            let next = openat(directory, name, O_RDONLY | O_DIRECTORY)
            close(directory)
            directory = next
        }
        close(directory)

        let report = try f.scan()
        #expect(report.directories == 16)
        #expect(report.skipped.count == 1)
        #expect(report.skipped[0].reason.contains("the limit is 4095"))
    }

    @Test func specialFilesAreSkipped() throws {
        let f = try ScanFixture()
        try f.directory.write("regular", "x")
        #expect(mkfifo(f.directory.url("fifo"), 0o644) == 0)
        let socketFD = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socketFD) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let socketPath = Array(f.directory.url("socket").utf8CString)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: socketPath.map { UInt8(bitPattern: $0) })
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        #expect(bound == 0)

        let report = try f.scan()
        #expect(try f.livePaths() == ["regular"])
        let reasons = Dictionary(uniqueKeysWithValues: report.skipped.map { ($0.path, $0.reason) })
        #expect(reasons["fifo"]?.contains("it is a FIFO") == true)
        #expect(reasons["socket"]?.contains("it is a socket") == true)
    }

    @Test func aFileVanishingMidScanIsSkippedAndANewOneLeavesNoRecord() throws {
        let f = try ScanFixture(hashingThreads: 1)
        try f.directory.write("stays.txt", "here")
        let doomed = try f.directory.write("vanishes.txt", "gone soon")

        let report = try f.scan { progress in
            if progress.filesHashed == 0 { unlink(doomed) }
        }
        #expect(report.skipped.map(\.path) == ["vanishes.txt"])
        #expect(report.skipped[0].reason.contains("vanished"))
        #expect(try f.livePaths() == ["stays.txt"])
        #expect(try f.record("vanishes.txt") == nil)
    }

    @Test func aKnownFileVanishingMidScanBecomesATombstone() throws {
        let f = try ScanFixture(hashingThreads: 1)
        let doomed = try f.directory.write("vanishes.txt", "v1")
        try f.scan()
        try f.directory.write("vanishes.txt", "v2 is longer")

        let report = try f.scan { progress in
            if progress.filesHashed == 0 { unlink(doomed) }
        }
        #expect(report.deleted == 1)
        #expect(try f.record("vanishes.txt")?.isDeleted == true)
    }

    @Test func aMissingRootIsAClearError() throws {
        let f = try ScanFixture()
        let scanner = FolderScanner(
            folder: f.folder, root: f.directory.url("missing"), index: f.index, device: f.device,
            logger: .init(label: "test"))
        #expect {
            try scanner.scan()
        } throws: { error in
            "\(error)".contains("cannot scan \(f.directory.url("missing")): No such file or directory")
        }
    }
}

@Suite struct ChangePlanTests {
    /// A directory the walk could not list keeps the records beneath it.
    @Test func recordsUnderAnUnlistableDirectoryAreKept() throws {
        let stat = LocalStat(size: 0, modifiedNanoseconds: 0, inode: 1)
        let known: [String: IndexedEntry] = [
            "locked": IndexedEntry(kind: .directory, isDeleted: false, permissions: 0o755, stat: stat),
            "locked/inside.txt": IndexedEntry(kind: .file, isDeleted: false, permissions: 0o644, stat: stat),
            "gone.txt": IndexedEntry(kind: .file, isDeleted: false, permissions: 0o644, stat: stat),
        ]
        var plan = ChangePlan(known: known) { _ in [] }
        var walk = WalkResult()
        walk.unlistable = [try RelativePath("locked")]
        try plan.compareMetadata(
            WalkedEntry(path: try RelativePath("locked"), kind: .directory, permissions: 0o755, stat: stat, device: 1))

        plan.markMissing(after: walk, rules: .none)
        #expect(plan.changes == [.deleted(try RelativePath("gone.txt"))])
    }
}
