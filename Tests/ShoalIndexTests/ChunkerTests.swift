import ShoalCrypto
import ShoalTestSupport
import Testing

@testable import ShoalIndex

/// Where the chunker cuts: pinned golden values, size bounds, tiny inputs.
@Suite struct ChunkerTests {
    // MARK: - Determinism

    /// The gear table is SplitMix64 seeded with "SHOALCDC"; a second
    /// implementation reproduces it from `Docs/CHUNKING.md`.
    @Test func gearTableIsPinned() {
        #expect(GearTable.values.count == 256)
        #expect(GearTable.values[0] == 0x902B_16F5_B396_748A)
        #expect(GearTable.values[1] == 0xFBD3_0DCB_27EC_A377)
        #expect(GearTable.values[255] == 0xE316_9A48_3955_E5A6)
    }

    /// The cut points of a fixed seeded input, written down as literals: a
    /// change to the gear table, the masks or the size rules breaks this test,
    /// and with it every peer's agreement on blocks.
    @Test func defaultCutPointsArePinned() {
        var random = SplitMix64(seed: 0x601_DE11)
        let blocks = Chunker().blocks(of: random.bytes(4 << 20))
        #expect(
            blocks.map(\.size) == [
                250990, 63100, 138288, 159994, 138154, 144807, 135033, 137212, 175493, 246245,
                78359, 148236, 159894, 158808, 58358, 150239, 171963, 137998, 155564, 190263,
                147195, 153790, 139621, 121186, 138294, 143095, 144504, 166406, 41215,
            ])
        #expect(blocks.first?.hash.hex == "e9b37970b1b274ade0bedee5c5f6d6cdb57ef0a6c8f9e02f87074f761ac13f68")
        #expect(blocks.last?.hash.hex == "904119ad78282c563add814cea5b8a83fa6bc11d83b218abc21d0e45e57ced11")
    }

    /// Small parameters exercise both masks many times over a few KiB.
    @Test func smallParameterCutPointsArePinned() throws {
        var random = SplitMix64(seed: 0x601_DE11)
        let chunker = Chunker(parameters: try ChunkerParameters(minSize: 64, averageSize: 256, maxSize: 1024))
        let lengths = random.bytes(8192).withUnsafeBytes { chunker.blockLengths(of: $0) }
        #expect(
            lengths == [
                276, 258, 397, 348, 313, 336, 276, 281, 265, 305, 336, 348, 295, 273, 538, 272, 333, 333,
                208, 267, 439, 296, 318, 245, 406, 93, 137,
            ])
    }

    // MARK: - Sizes

    @Test(arguments: SizeCase.all)
    func everyBlockButTheLastIsWithinMinAndMax(_ size: SizeCase) throws {
        let parameters = try size.parameters
        let bytes = size.content.bytes(size.length)
        let lengths = bytes.withUnsafeBytes { Chunker(parameters: parameters).blockLengths(of: $0) }
        #expect(lengths.reduce(0, +) == bytes.count)
        #expect(lengths.dropLast().allSatisfy { (parameters.minSize...parameters.maxSize).contains($0) })
        #expect((1...parameters.maxSize).contains(lengths.last ?? 0))
        if size.content == .zeros {
            // Constant bytes never meet the cut condition: only the maximum cuts.
            #expect(lengths.dropLast().allSatisfy { $0 == parameters.maxSize })
        }
    }

    @Test func emptyInputHasNoBlocks() {
        #expect(Chunker().blocks(of: []).isEmpty)
        #expect([UInt8]().withUnsafeBytes { Chunker().cutPoint(in: $0) } == 0)
    }

    @Test(arguments: [1, 2, 63, 64, 4096, 32 << 10, (32 << 10) + 1])
    func inputsUpToOneByteOverTheMinimumAreOneBlock(length: Int) {
        var random = SplitMix64(seed: UInt64(length))
        let bytes = random.bytes(length)
        let blocks = Chunker().blocks(of: bytes)
        #expect(blocks.map(\.size) == [length])
        #expect(blocks.first?.hash == ContentHash.of(bytes))
    }

    @Test func aBufferShorterThanTheMaximumEndsTheFile() {
        // 40 KiB of zeros: no cut condition, so the whole rest is one block.
        let bytes = [UInt8](repeating: 0, count: 40 << 10)
        #expect(bytes.withUnsafeBytes { Chunker().cutPoint(in: $0) } == 40 << 10)
    }
}

/// One combination of chunker parameters and content for the size bounds test.
struct SizeCase: Sendable, CustomTestStringConvertible {
    enum Content: Sendable { case random, zeros, lowEntropy }
    let minSize: Int
    let averageSize: Int
    let maxSize: Int
    let content: Content
    let length: Int

    var parameters: ChunkerParameters {
        get throws { try ChunkerParameters(minSize: minSize, averageSize: averageSize, maxSize: maxSize) }
    }

    var testDescription: String { "\(content) \(length) B, \(minSize)/\(averageSize)/\(maxSize)" }

    static let all: [SizeCase] = [.random, .zeros, .lowEntropy].flatMap { content in
        [
            SizeCase(minSize: 64, averageSize: 256, maxSize: 1024, content: content, length: 1 << 20),
            SizeCase(minSize: 2048, averageSize: 8192, maxSize: 20000, content: content, length: (1 << 20) + 7),
            SizeCase(minSize: 32 << 10, averageSize: 128 << 10, maxSize: 1 << 20, content: content, length: 24 << 20),
        ]
    }
}

extension SizeCase.Content {
    /// `count` bytes of this kind of content, the same on every run.
    func bytes(_ count: Int) -> [UInt8] {
        var random = SplitMix64(seed: 77)
        switch self {
        case .random: return random.bytes(count)
        case .zeros: return [UInt8](repeating: 0, count: count)
        case .lowEntropy:
            // Text-like: a few distinct byte values, in random order.
            return random.bytes(count).map { UInt8(ascii: "a") + $0 % 4 }
        }
    }
}
