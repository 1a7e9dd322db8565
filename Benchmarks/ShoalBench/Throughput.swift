import CSodium
import ShoalCrypto
import ShoalIndex

/// Single-core rates of the block hashes and the chunker over one buffer.
enum Throughput {
    /// Hashes are timed over 128 KiB pieces, the average block size.
    static let piece = 128 << 10

    /// Bytes per second of each candidate, median of `runs` runs.
    static func measure(_ buffer: UnsafeRawBufferPointer, chunker: Chunker, runs: Int) -> [(String, Double)] {
        [
            ("SHA-256 (libcrypto)", median(runs, bytes: buffer.count) { pieces(buffer, sha256) }),
            ("SHA-256 (libsodium)", median(runs, bytes: buffer.count) { pieces(buffer, sodiumSHA256) }),
            ("BLAKE2b-256 (libsodium)", median(runs, bytes: buffer.count) { pieces(buffer, blake2b) }),
            ("FastCDC cut points", median(runs, bytes: buffer.count) { chunker.blockLengths(of: buffer).count }),
            ("FastCDC + SHA-256", median(runs, bytes: buffer.count) { chunker.blocks(of: buffer).count }),
        ]
    }

    /// Bytes per second of `body`, median of `runs` runs.
    static func median(_ runs: Int, bytes: Int, _ body: () -> Int) -> Double {
        var rates: [Double] = []
        var sink = 0
        for _ in 0..<runs {
            let start = ContinuousClock.now
            sink &+= body()
            let (seconds, attoseconds) = (ContinuousClock.now - start).components
            rates.append(Double(bytes) / (Double(seconds) + Double(attoseconds) / 1e18))
        }
        if sink == -1 { print(sink) }  // keeps the work from being optimised away
        return rates.sorted()[rates.count / 2]
    }

    /// Runs `hash` over consecutive `piece`-sized slices of `buffer`.
    private static func pieces(_ buffer: UnsafeRawBufferPointer, _ hash: (UnsafeRawBufferPointer) -> UInt8) -> Int {
        var sink = 0
        for start in stride(from: 0, to: buffer.count, by: piece) {
            sink &+= Int(hash(UnsafeRawBufferPointer(rebasing: buffer[start..<min(start + piece, buffer.count)])))
        }
        return sink
    }

    private static func sha256(_ piece: UnsafeRawBufferPointer) -> UInt8 {
        ContentHash.of(piece).bytes[0]
    }

    private static func sodiumSHA256(_ piece: UnsafeRawBufferPointer) -> UInt8 {
        var digest = [UInt8](repeating: 0, count: 32)
        crypto_hash_sha256(&digest, piece.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(piece.count))
        return digest[0]
    }

    private static func blake2b(_ piece: UnsafeRawBufferPointer) -> UInt8 {
        var digest = [UInt8](repeating: 0, count: 32)
        crypto_generichash(&digest, 32, piece.baseAddress!.assumingMemoryBound(to: UInt8.self), UInt64(piece.count), nil, 0)
        return digest[0]
    }
}
