import ShoalCrypto
import ShoalIndex
import ShoalTestSupport

/// How many new blocks one small edit at a random place costs.
///
/// Each edited copy is chunked and hashed whole; a block is new when its
/// hash is not among the original's blocks.
struct EditStability {
    let bytes: [UInt8]
    let chunker: Chunker
    let hashes: Set<ContentHash>

    init(bytes: [UInt8], chunker: Chunker) {
        self.bytes = bytes
        self.chunker = chunker
        hashes = Set(chunker.blocks(of: bytes).map(\.hash))
    }

    /// One line per kind of edit: how often each count of new blocks occurred.
    func report(edits: Int, using random: inout SplitMix64) -> [String] {
        let kinds: [(String, (inout [UInt8], Int, inout SplitMix64) -> Void)] = [
            ("insert 1-16 bytes", { $0.insert(contentsOf: $2.bytes(Int($2.next() % 16) + 1), at: $1) }),
            ("delete 1-16 bytes", { $0.removeSubrange($1..<$1 + Int($2.next() % 16) + 1) }),
            ("overwrite 4 KiB", { $0.replaceSubrange($1..<$1 + 4096, with: $2.bytes(4096)) }),
        ]
        return kinds.map { name, edit in
            var counts: [Int: Int] = [:]
            for _ in 0..<edits {
                var edited = bytes
                edit(&edited, Int(random.next() % UInt64(bytes.count - 8192)), &random)
                counts[chunker.blocks(of: edited).count { !hashes.contains($0.hash) }, default: 0] += 1
            }
            let histogram = counts.keys.sorted().map { "\($0) new: \(counts[$0]!)x" }
            return name.padding(toLength: 20, withPad: " ", startingAt: 0) + histogram.joined(separator: ", ")
        }
    }
}
