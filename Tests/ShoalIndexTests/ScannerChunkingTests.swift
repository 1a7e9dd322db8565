import ShoalIndex
import ShoalTestSupport
import Testing

/// The scanner streams files through a bounded buffer; its blocks must be
/// exactly those of chunking the whole file at once.
@Suite struct ScannerChunkingTests {
    @Test(arguments: [0, 1, 5 << 20, (13 << 20) + 12_345])
    func streamedBlocksEqualWholeFileBlocks(length: Int) throws {
        let fixture = try ScanFixture()
        var random = SplitMix64(seed: UInt64(length) ^ 0xB10C)
        // Half random, half zeros: both content cuts and maximum-size cuts
        // fall across the scanner's 4 MiB reads.
        let bytes = random.bytes(length / 2) + [UInt8](repeating: 0, count: length - length / 2)
        try fixture.directory.write("file.bin", bytes)
        try fixture.scan()
        let record = try #require(try fixture.record("file.bin"))
        #expect(record.blocks == Chunker().blocks(of: bytes))
        #expect(record.blocks.reduce(0) { $0 + $1.size } == length)
    }
}
