/// Cuts file content into content-defined blocks with FastCDC and normalised
/// chunking (Xia et al., USENIX ATC 2016).
///
/// A rolling "gear" hash runs over the bytes; a block ends where the hash's
/// top bits are all zero. Before the average size a stricter mask (two more
/// bits) is used, after it a looser one (two fewer bits), which pulls block
/// sizes towards the average. Because a cut depends only on the 64 bytes
/// before it, an insertion or deletion moves at most the one or two cuts
/// around it: the blocks after them are the same as before.
///
/// Deterministic across runs, machines and toolchains: the gear table comes
/// from a fixed SplitMix64 sequence (see `GearTable`). Values are immutable
/// and safe to share between threads.
public struct Chunker: Sendable {
    /// The sizes this chunker uses.
    public let parameters: ChunkerParameters
    private let strictMask: UInt64
    private let looseMask: UInt64

    /// Creates a chunker with `parameters` (Shoal's defaults when omitted).
    public init(parameters: ChunkerParameters = .default) {
        self.parameters = parameters
        let bits = parameters.averageSize.trailingZeroBitCount
        strictMask = Self.topBits(bits + 2)
        looseMask = Self.topBits(bits - 2)
    }

    /// The length of the first block of `buffer`.
    ///
    /// `buffer` should hold at least `parameters.maxSize` bytes unless it is
    /// the rest of the file: a shorter buffer is treated as ending the file.
    ///
    /// - Returns: a length in `1...min(buffer.count, maxSize)`, or 0 for an
    ///   empty buffer.
    public func cutPoint(in buffer: UnsafeRawBufferPointer) -> Int {
        let count = buffer.count
        guard count > parameters.minSize else { return count }
        let end = min(count, parameters.maxSize)
        let normal = min(end, parameters.averageSize)
        let bytes = buffer.baseAddress!.assumingMemoryBound(to: UInt8.self)
        return GearTable.values.withUnsafeBufferPointer { gear in
            var hash: UInt64 = 0
            var index = parameters.minSize
            if let cut = Self.scan(bytes, gear, &hash, &index, until: normal, mask: strictMask) { return cut }
            if let cut = Self.scan(bytes, gear, &hash, &index, until: end, mask: looseMask) { return cut }
            return end
        }
    }

    /// Rolls the gear hash over `bytes[index..<limit]` and returns the first
    /// position after a byte where `hash & mask == 0`, or nil with `hash` and
    /// `index` advanced to `limit`.
    ///
    /// Two bytes per step: the hash after both is `(hash << 2) + (g1 << 1) + g2`,
    /// which halves the chain of dependent operations; the hash after the
    /// first byte is still checked, so the cut points are exactly those of the
    /// byte-at-a-time rule.
    @inline(__always)
    private static func scan(
        _ bytes: UnsafePointer<UInt8>, _ gear: UnsafeBufferPointer<UInt64>, _ hash: inout UInt64,
        _ index: inout Int, until limit: Int, mask: UInt64
    ) -> Int? {
        var h = hash
        var i = index
        while i + 2 <= limit {
            let first = gear[Int(bytes[i])]
            let second = gear[Int(bytes[i + 1])]
            if ((h << 1) &+ first) & mask == 0 { return i + 1 }
            h = (h << 2) &+ ((first << 1) &+ second)
            i += 2
            if h & mask == 0 { return i }
        }
        if i < limit {
            h = (h << 1) &+ gear[Int(bytes[i])]
            i += 1
            if h & mask == 0 { return i }
        }
        hash = h
        index = i
        return nil
    }

    /// A mask of the `count` most significant bits. The top bits of a gear
    /// hash depend on the most bytes (bit k on the last k + 1), so they make
    /// the best cut condition.
    private static func topBits(_ count: Int) -> UInt64 {
        ~(UInt64.max >> UInt64(count))
    }
}

/// The 256 random 64-bit values of the gear hash.
///
/// `values[i]` is the (i+1)-th output of SplitMix64 seeded with
/// `0x5348_4F41_4C43_4443` ("SHOALCDC"); written down here so a second
/// implementation can reproduce Shoal's blocks exactly.
enum GearTable {
    static let seed: UInt64 = 0x5348_4F41_4C43_4443

    static let values: [UInt64] = {
        var state = seed
        return (0..<256).map { _ in
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }()
}
