import CSodium
import Foundation
import ShoalCrypto
import ShoalIndex
import ShoalTestSupport

/// `shoal-bench`: single-core throughput of the chunker and of the candidate
/// block hashes over the same in-memory data, medians of several runs.
///
///     swift run -c release shoal-bench [MiB] [runs]
@main
struct ShoalBench {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        let mebibytes = arguments.first ?? 1024
        let runs = arguments.dropFirst().first ?? 5
        guard sodium_init() >= 0 else { fatalError("sodium_init failed") }

        var random = SplitMix64(seed: 42)
        let data = random.bytes(mebibytes << 20)
        let chunker = Chunker()
        var results: [(String, Double)] = []
        data.withUnsafeBytes { buffer in
            results.append(("SHA-256 (libcrypto)", median(runs, bytes: buffer.count) { sha256Blocks(buffer) }))
            results.append(("BLAKE2b-256 (libsodium)", median(runs, bytes: buffer.count) { blake2bBlocks(buffer) }))
            results.append(("FastCDC cut points", median(runs, bytes: buffer.count) { cutPoints(buffer, chunker) }))
            results.append(
                ("FastCDC + SHA-256", median(runs, bytes: buffer.count) { cutAndHash(buffer, chunker) }))
        }
        let blocks = data.withUnsafeBytes { cutPoints($0, chunker) }
        print("\(mebibytes) MiB of random data, median of \(runs) runs, one core")
        for (name, rate) in results {
            print(name.padding(toLength: 26, withPad: " ", startingAt: 0), String(format: "%7.2f GB/s", rate / 1e9))
        }
        print("average block: \(data.count / max(blocks, 1) / 1024) KiB over \(blocks) blocks")
    }

    /// Bytes per second of `body`, median of `runs` runs.
    static func median(_ runs: Int, bytes: Int, _ body: () -> Int) -> Double {
        var rates: [Double] = []
        var sink = 0
        for _ in 0..<runs {
            let start = ContinuousClock.now
            sink &+= body()
            let elapsed = ContinuousClock.now - start
            let (seconds, attoseconds) = elapsed.components
            rates.append(Double(bytes) / (Double(seconds) + Double(attoseconds) / 1e18))
        }
        if sink == -1 { print(sink) }
        return rates.sorted()[rates.count / 2]
    }

    static func sha256Blocks(_ buffer: UnsafeRawBufferPointer) -> Int {
        var count = 0
        for start in stride(from: 0, to: buffer.count, by: 128 << 10) {
            let block = UnsafeRawBufferPointer(rebasing: buffer[start..<min(start + (128 << 10), buffer.count)])
            count &+= Int(ContentHash.of(block).bytes[0])
        }
        return count
    }

    static func blake2bBlocks(_ buffer: UnsafeRawBufferPointer) -> Int {
        var count = 0
        var digest = [UInt8](repeating: 0, count: 32)
        for start in stride(from: 0, to: buffer.count, by: 128 << 10) {
            let length = min(128 << 10, buffer.count - start)
            crypto_generichash(&digest, 32, buffer.baseAddress!.assumingMemoryBound(to: UInt8.self) + start, UInt64(length), nil, 0)
            count &+= Int(digest[0])
        }
        return count
    }

    static func cutPoints(_ buffer: UnsafeRawBufferPointer, _ chunker: Chunker) -> Int {
        var start = 0
        var blocks = 0
        while start < buffer.count {
            start += chunker.cutPoint(in: UnsafeRawBufferPointer(rebasing: buffer[start...]))
            blocks += 1
        }
        return blocks
    }

    static func cutAndHash(_ buffer: UnsafeRawBufferPointer, _ chunker: Chunker) -> Int {
        var start = 0
        var count = 0
        while start < buffer.count {
            let length = chunker.cutPoint(in: UnsafeRawBufferPointer(rebasing: buffer[start...]))
            count &+= Int(ContentHash.of(UnsafeRawBufferPointer(rebasing: buffer[start..<start + length])).bytes[0])
            start += length
        }
        return count
    }
}
