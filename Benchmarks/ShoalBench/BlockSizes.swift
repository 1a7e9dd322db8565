/// The distribution of block lengths the chunker produced.
struct BlockSizes {
    /// Every length but the last (a file's last block may be short).
    let lengths: [Int]
    /// The chunker's maximum block size.
    let maxSize: Int

    init(_ lengths: [Int], maxSize: Int) {
        self.lengths = Array(lengths.dropLast()).sorted()
        self.maxSize = maxSize
    }

    /// The length below which `fraction` of the blocks fall.
    func percentile(_ fraction: Double) -> Int {
        lengths[min(lengths.count - 1, Int(Double(lengths.count) * fraction))]
    }

    /// A few lines for the terminal, sizes in KiB.
    var report: String {
        guard !lengths.isEmpty else { return "no complete blocks" }
        let mean = Double(lengths.reduce(0, +)) / Double(lengths.count) / 1024
        let percentiles = [0.01, 0.10, 0.25, 0.50, 0.75, 0.90, 0.99].map {
            "p\(Int($0 * 100)) \(percentile($0) >> 10)"
        }
        let atMax = lengths.count { $0 == maxSize }
        return """
            \(lengths.count) blocks; KiB: min \(lengths[0] >> 10), \(percentiles.joined(separator: ", ")), \
            max \(lengths[lengths.count - 1] >> 10), mean \(String(format: "%.1f", mean))
            blocks cut at the maximum size: \(atMax)
            """
    }
}
