import ShoalCrypto
public import ShoalModel

// MARK: - Whole buffers

extension Chunker {
    /// The lengths of the blocks `buffer` is cut into, in order.
    ///
    /// The buffer is taken as a whole file: its last block may be shorter
    /// than `parameters.minSize`. The lengths add up to `buffer.count`; an
    /// empty buffer has no blocks.
    public func blockLengths(of buffer: UnsafeRawBufferPointer) -> [Int] {
        var lengths: [Int] = []
        lengths.reserveCapacity(buffer.count / parameters.averageSize + 1)
        var start = 0
        while start < buffer.count {
            let length = cutPoint(in: UnsafeRawBufferPointer(rebasing: buffer[start...]))
            lengths.append(length)
            start += length
        }
        return lengths
    }

    /// The blocks `buffer` is cut into, in order, each with its SHA-256.
    ///
    /// The same blocks the scanner finds for a file holding these bytes.
    public func blocks(of buffer: UnsafeRawBufferPointer) -> [BlockRef] {
        var start = 0
        return blockLengths(of: buffer).map { length in
            defer { start += length }
            return BlockRef(hash: ContentHash.of(UnsafeRawBufferPointer(rebasing: buffer[start..<start + length])), size: length)
        }
    }

    /// The blocks `bytes` is cut into, in order, each with its SHA-256.
    public func blocks(of bytes: [UInt8]) -> [BlockRef] {
        bytes.withUnsafeBytes { blocks(of: $0) }
    }
}
