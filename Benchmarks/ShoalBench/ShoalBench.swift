import CSodium
import ShoalIndex
import ShoalTestSupport

/// `shoal-bench`: single-core throughput of the chunker and of the candidate
/// block hashes over the same in-memory data, the block sizes the chunker
/// produces, and how many blocks small edits cost.
///
///     swift run -c release shoal-bench [MiB] [runs] [edits]
///
/// Defaults: 1024 MiB of seeded random data, median of 5 runs, 20 edits of
/// each kind on a 256 MiB file.
@main
struct ShoalBench {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        let mebibytes = arguments.first ?? 1024
        let runs = arguments.dropFirst().first ?? 5
        let edits = arguments.dropFirst(2).first ?? 20
        guard sodium_init() >= 0 else { fatalError("sodium_init failed") }

        var random = SplitMix64(seed: 42)
        let data = random.bytes(mebibytes << 20)
        let chunker = Chunker()

        print("\(mebibytes) MiB of random data, median of \(runs) runs, one core")
        for (name, rate) in data.withUnsafeBytes({ Throughput.measure($0, chunker: chunker, runs: runs) }) {
            print(name.padding(toLength: 26, withPad: " ", startingAt: 0), String(format: "%7.2f GB/s", rate / 1e9))
        }

        print("\nblock sizes, default parameters, over the same data")
        let lengths = data.withUnsafeBytes { chunker.blockLengths(of: $0) }
        print(BlockSizes(lengths, maxSize: chunker.parameters.maxSize).report)

        print("\nnew blocks after one edit at a random place in a 256 MiB file, \(edits) edits of each kind")
        var editRandom = SplitMix64(seed: 0xED17)
        for line in EditStability(bytes: random.bytes(256 << 20), chunker: chunker).report(edits: edits, using: &editRandom) {
            print(line)
        }
    }
}
