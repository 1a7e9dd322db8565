import CSodium
import ShoalIndex
import ShoalTestSupport

/// `shoal-bench`: single-core throughput of the chunker and of the candidate
/// block hashes over the same in-memory data, the block sizes the chunker
/// produces, and how many blocks small edits cost.
///
///     swift run -c release shoal-bench [MiB] [runs] [edits] [edit-MiB]
///
/// Defaults: 1024 MiB of seeded random data, median of 5 runs, 300 edits of
/// each kind, each on a fresh copy of a 16 MiB file. (Whether an edit costs
/// more than one block depends on the blocks around it, not on the file's
/// size, so a smaller file buys many more samples; the unit tests check the
/// 256 MiB case.)
@main
struct ShoalBench {
    static func main() {
        let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        let mebibytes = arguments.first ?? 1024
        let runs = arguments.dropFirst().first ?? 5
        let edits = arguments.dropFirst(2).first ?? 300
        let editMebibytes = arguments.dropFirst(3).first ?? 16
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

        print("\nnew blocks after one edit at a random place in a \(editMebibytes) MiB file, \(edits) edits of each kind")
        var editRandom = SplitMix64(seed: 0xED17)
        let original = EditStability(bytes: random.bytes(editMebibytes << 20), chunker: chunker)
        for line in original.report(edits: edits, using: &editRandom) {
            print(line)
        }
    }
}
