import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalTestSupport
import Testing

/// The promise content-defined chunking makes (issue 2): a small edit in the
/// middle of a 256 MiB file costs a few new blocks, not the rest of the file.
///
/// Every variant is chunked and hashed whole, exactly as the scanner would,
/// and a block counts as changed when its SHA-256 is not among the original
/// file's blocks.
@Suite struct ChunkerEditStabilityTests {
    /// 256 MiB of seeded pseudo-random bytes and their blocks, made once and
    /// shared by the tests (a `static let` is initialised once, thread-safely).
    static let original: EditedFile = {
        var random = SplitMix64(seed: 0x5EED_0256)
        return EditedFile(bytes: random.bytes(256 << 20))
    }()

    static var middle: Int { original.bytes.count / 2 + 12_345 }

    @Test func insertingAFewBytesInTheMiddleChangesAtMostThreeBlocks() {
        var edited = Self.original.bytes
        edited.insert(contentsOf: [0x53, 0x48, 0x4F, 0x41, 0x4C], at: Self.middle)
        let changed = Self.original.newBlocks(in: edited)
        #expect((1...3).contains(changed), "\(changed) new blocks")
    }

    @Test func deletingAFewBytesInTheMiddleChangesAtMostThreeBlocks() {
        var edited = Self.original.bytes
        edited.removeSubrange(Self.middle..<Self.middle + 5)
        let changed = Self.original.newBlocks(in: edited)
        #expect((1...3).contains(changed), "\(changed) new blocks")
    }

    @Test func overwriting4KiBInPlaceChangesAtMostTwoBlocks() {
        var edited = Self.original.bytes
        var random = SplitMix64(seed: 4096)
        edited.replaceSubrange(Self.middle..<Self.middle + 4096, with: random.bytes(4096))
        let changed = Self.original.newBlocks(in: edited)
        #expect((1...2).contains(changed), "\(changed) new blocks")
    }
}

/// A file's bytes with the hashes of its blocks under the default chunker.
struct EditedFile: Sendable {
    let bytes: [UInt8]
    let hashes: Set<ContentHash>

    init(bytes: [UInt8]) {
        self.bytes = bytes
        hashes = Set(Chunker().blocks(of: bytes).map(\.hash))
    }

    /// How many blocks of `edited` have a hash the original has not.
    ///
    /// Also checks that the blocks cover `edited` exactly.
    func newBlocks(in edited: [UInt8]) -> Int {
        let blocks = Chunker().blocks(of: edited)
        #expect(blocks.reduce(0) { $0 + $1.size } == edited.count)
        return blocks.count { !hashes.contains($0.hash) }
    }
}
