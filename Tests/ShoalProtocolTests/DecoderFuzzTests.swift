import ShoalTestSupport
import Testing

@testable import ShoalProtocol

/// Feeds the decoder random and mutated frames. Each must decode or be
/// refused with a `MessageDecodingError`; a trap fails the whole test run.
/// Seeded, so a failure reproduces; bounded in count and time.
@Suite struct DecoderFuzzTests {
    static let iterations = 100_000
    static let timeLimit = Duration.seconds(60)

    @Test func randomAndMutatedFramesNeverTrap() throws {
        var random = SplitMix64(seed: 0x5eed)
        let codec = MessageCodec()
        let seeds = try Fixtures.everyMessage.map { try MessageCodec(compressesBlocks: true).encode($0) }
            + [try MessageCodec(compressesBlocks: true).encode(.response(BlockResponse(id: 1, result: .success(Array(repeating: 7, count: 5000)))))]
        let clock = ContinuousClock()
        let start = clock.now
        var decoded = 0
        var refused = 0
        for iteration in 0..<Self.iterations {
            let frame =
                iteration % 4 == 0
                ? randomFrame(&random) : mutate(seeds[Int(random.next() % UInt64(seeds.count))], &random)
            do {
                _ = try codec.decode(frame)
                decoded += 1
            } catch {
                refused += 1
            }
            if iteration % 1000 == 0 && clock.now - start > Self.timeLimit {
                Issue.record("fuzzing took over \(Self.timeLimit) after \(iteration) frames")
                return
            }
        }
        #expect(decoded + refused == Self.iterations)
        // Both outcomes occur, so the mutations neither only break nor only keep frames.
        #expect(decoded > 100)
        #expect(refused > Self.iterations / 2)
    }

    /// A random type byte (mostly a known one) and random bytes.
    func randomFrame(_ random: inout SplitMix64) -> [UInt8] {
        let length = Int(random.next() % 300)
        var frame = random.bytes(length + 1)
        if random.next() % 8 != 0 { frame[0] = UInt8(1 + random.next() % 8) }
        return frame
    }

    /// A valid frame with a few random changes: flipped bits, overwritten
    /// bytes (often 0x00 or 0xff, to hit lengths and counts), cuts and insertions.
    func mutate(_ seed: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var frame = seed
        let changes = 1 + Int(random.next() % 4)
        for _ in 0..<changes where !frame.isEmpty {
            let index = Int(random.next() % UInt64(frame.count))
            switch random.next() % 6 {
            case 0: frame[index] ^= UInt8(1) << (random.next() % 8)
            case 1: frame[index] = UInt8(truncatingIfNeeded: random.next())
            case 2: frame[index] = random.next() % 2 == 0 ? 0xff : 0x00
            case 3: frame.removeSubrange(index...)
            case 4: frame.insert(contentsOf: random.bytes(Int(random.next() % 8) + 1), at: index)
            default: frame.removeSubrange(index..<min(frame.count, index + Int(random.next() % 16) + 1))
            }
        }
        return frame
    }
}
