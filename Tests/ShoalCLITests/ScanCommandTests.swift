import Foundation
import Glibc
import ShoalCrypto
import ShoalTestSupport
import Testing

@Suite struct ScanCommandTests {
    struct Line: Decodable {
        struct Block: Decodable {
            var offset: Int64
            var size: Int
            var hash: String
        }
        var path: String
        var size: Int64
        var blocks: [Block]
    }

    @Test func jsonListsEveryFileWithItsOrderedBlocks() throws {
        let folder = try TemporaryDirectory()
        var random = SplitMix64(seed: 9)
        let big = random.bytes(2 << 20)
        try folder.write("a/big.bin", big)
        try folder.write("small.txt", "small")
        try folder.write("empty", [])

        let result = try ShoalProcess.run(["scan", folder.path, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = try result.stdout.split(separator: "\n").map {
            try JSONDecoder().decode(Line.self, from: Data($0.utf8))
        }
        #expect(lines.map(\.path) == ["a/big.bin", "empty", "small.txt"])
        let bigLine = lines[0]
        #expect(bigLine.size == Int64(big.count))
        var offset: Int64 = 0
        for block in bigLine.blocks {
            #expect(block.offset == offset)
            let bytes = big[Int(offset)..<Int(offset) + block.size]
            #expect(block.hash == ContentHash.of(bytes).hex)
            offset += Int64(block.size)
        }
        #expect(offset == Int64(big.count))
        #expect(lines[1].blocks.isEmpty)
        #expect(result.stderr.contains("3 files, 1 directories"))
    }

    @Test func summaryWithoutJSON() throws {
        let folder = try TemporaryDirectory()
        try folder.write("x/y.txt", "hello")
        let result = try ShoalProcess.run(["scan", folder.path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("1 files, 1 directories, 0 symlinks, 5 B in 1 blocks"))
        #expect(result.stdout.contains("MB/s"))
    }

    @Test func missingFolderFailsOnStderr() throws {
        let result = try ShoalProcess.run(["scan", "/nonexistent/shoal-folder"])
        #expect(result.status != 0)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("cannot scan /nonexistent/shoal-folder: No such file or directory"))
    }

    /// Runs as an unprivileged user (root reads everything), so the kernel
    /// itself refuses the reads.
    @Test func unreadableEntriesAreSkippedWithOneLineEach() throws {
        let folder = try TemporaryDirectory()
        try folder.write("readable.txt", "ok")
        try folder.write("secret.txt", "no")
        try folder.write("locked/inside.txt", "no")
        chmod(folder.url("secret.txt"), 0o000)
        chmod(folder.url("locked"), 0o000)
        chmod(folder.path, 0o755)

        var wrapper: [String] = []
        if getuid() == 0 {
            wrapper = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            try #require(FileManager.default.isExecutableFile(atPath: wrapper[0]), "setpriv (util-linux) is needed")
            try #require(access(ShoalProcess.executable.path, X_OK) == 0)
        }
        let result = try ShoalProcess.run(["scan", folder.path, "--json"], wrapper: wrapper)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.split(separator: "\n").count == 1)
        #expect(result.stdout.contains("\"path\":\"readable.txt\""))
        let skipLines = result.stderr.split(separator: "\n").filter { $0.contains("warning") && $0.contains("skipped") }
        #expect(skipLines.count == 2, "\(result.stderr)")
        #expect(skipLines.contains { $0.contains("secret.txt") && $0.contains("Permission denied") })
        #expect(skipLines.contains { $0.contains("locked") && $0.contains("Permission denied") })
        #expect(result.stderr.contains("skipped 2 (see log)"))
    }
}
