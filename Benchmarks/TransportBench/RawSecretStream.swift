import ShoalCrypto

/// libsodium's own speed: `crypto_secretstream_xchacha20poly1305_push` of
/// `blockSize` messages on one core, into a reused buffer.
enum RawSecretStream {
    /// Bytes per second, median of `runs` runs of `totalBytes` each.
    static func pushRate(blockSize: Int, totalBytes: Int, runs: Int) -> Double {
        let sealer = SecretStreamSealer(key: .generate())
        let message = [UInt8](repeating: 0x42, count: blockSize)
        var output = [UInt8](repeating: 0, count: blockSize + SecretStreamSealer.overhead)
        var rates: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            var done = 0
            message.withUnsafeBytes { input in
                output.withUnsafeMutableBytes { out in
                    while done < totalBytes {
                        sealer.seal(input, into: out)
                        done += blockSize
                    }
                }
            }
            rates.append(Double(done) / (ContinuousClock.now - start).seconds)
        }
        return rates.sorted()[rates.count / 2]
    }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
