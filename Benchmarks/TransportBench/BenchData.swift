import ShoalCrypto
import ShoalTestSupport

/// The blocks both benchmark processes derive from the same seed, so the
/// receiver knows each block's hash without being sent it.
struct BenchData {
    enum Kind: String, CaseIterable {
        /// Log-like text that LZ4 shrinks about threefold.
        case text
        /// Random bytes LZ4 cannot shrink.
        case random
    }

    let blocks: [[UInt8]]
    let hashes: [ContentHash]

    init(kind: Kind, blockSize: Int, blockCount: Int) {
        var random = SplitMix64(seed: 2024)
        var blocks: [[UInt8]] = []
        for _ in 0..<blockCount {
            switch kind {
            case .random:
                blocks.append(random.bytes(blockSize))
            case .text:
                var block: [UInt8] = []
                block.reserveCapacity(blockSize + 128)
                while block.count < blockSize {
                    let n = random.next() % 100_000
                    block += Array("2026-11-24T03:\(n % 60):\(n % 7) shoal[\(n % 997)]: pulled block \(n) of folder photos\n".utf8)
                }
                blocks.append(Array(block.prefix(blockSize)))
            }
        }
        self.blocks = blocks
        hashes = blocks.map { ContentHash.of($0) }
    }
}
