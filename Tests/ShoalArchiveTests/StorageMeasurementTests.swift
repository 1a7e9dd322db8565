import Foundation
import GRDB
import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalTestSupport
import Testing

@testable import ShoalArchive

/// How much disk ten versions of a large file cost (Docs/ARCHIVE.md, "Storage").
@Suite struct StorageMeasurementTests {
    static let fileSize = 100 << 20

    @Test func tenVersionsOfA100MiBFileWithSmallEditsCostUnder1_3Times() throws {
        let archive = try ArchiveFiles()
        var random = SplitMix64(seed: 2024)
        var content = Self.randomBytes(Self.fileSize, &random)
        let chunker = Chunker()
        var blockCount = 0
        var newBlocks: [Int] = []

        for version in 1...10 {
            if version > 1 {
                let offset = Int(random.next() % UInt64(content.count - 4096))
                if version % 2 == 0 {
                    // Overwrite 4 KiB in place.
                    content.replaceSubrange(offset..<offset + 4096, with: random.bytes(4096))
                } else {
                    // Insert a few bytes, shifting everything after them.
                    content.insert(contentsOf: random.bytes(Int(random.next() % 16) + 1), at: offset)
                }
            }
            let blocks = chunker.blocks(of: content)
            blockCount = blocks.count
            let before = try archive.store.usage().blockCount
            try content.withUnsafeBytes { raw in
                var offset = 0
                for block in blocks {
                    try archive.store.put(Array(raw[offset..<offset + block.size]), hash: block.hash)
                    offset += block.size
                }
            }
            newBlocks.append(try archive.store.usage().blockCount - before)
            try archive.history.record(
                Fixtures.file("big.bin", counter: UInt64(version), blocks: blocks), at: 1_700_000_000 + Int64(version))
        }

        let usage = try archive.store.usage()
        let ratio = Double(usage.storedBytes) / Double(Self.fileSize)
        let allocatedRatio = Double(usage.allocatedBytes) / Double(Self.fileSize)
        // Fold the WAL into the database file to measure the history's own size.
        try archive.history.writer.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        func size(_ name: String) throws -> Int64 {
            let path = archive.directory.url("archive/" + name)
            guard FileManager.default.fileExists(atPath: path) else { return 0 }
            return (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        }
        print(
            """
            storage: 10 versions of a \(Self.fileSize >> 20) MiB random file, small edits: \
            \(usage.blockCount) blocks (\(blockCount) per version, new per version \(newBlocks)), \
            stored \(usage.storedBytes) bytes = \(String(format: "%.4f", ratio))x, \
            allocated \(usage.allocatedBytes) bytes = \(String(format: "%.4f", allocatedRatio))x, \
            history.db \(try size("history.db")) bytes
            """)
        #expect(ratio < 1.3)
        #expect(try archive.history.versions(in: Fixtures.folder, of: RelativePath("big.bin")).count == 10)
    }

    /// `count` random bytes, a word at a time (`SplitMix64.bytes` is slow
    /// for 100 MiB in a debug build).
    static func randomBytes(_ count: Int, _ random: inout SplitMix64) -> [UInt8] {
        precondition(count % 8 == 0)
        let words = (0..<count / 8).map { _ in random.next() }
        return words.withUnsafeBytes { Array($0) }
    }
}
