/// The sizes that shape content-defined chunking.
///
/// Every device of a cluster must chunk with the same parameters, or equal
/// files would produce different blocks; they are therefore fixed per
/// cluster, not per machine.
public struct ChunkerParameters: Hashable, Sendable {
    /// No block is shorter than this, except the last block of a file.
    public let minSize: Int
    /// The size blocks are normalised towards; a power of two.
    public let averageSize: Int
    /// No block is longer than this.
    public let maxSize: Int

    /// The largest `maxSize` allowed: the wire protocol's block size limit.
    public static let largestBlock = 16 << 20

    /// Shoal's defaults: 32 KiB / 128 KiB / 1 MiB (see `Docs/CHUNKING.md`).
    public static let `default` = try! ChunkerParameters(minSize: 32 << 10, averageSize: 128 << 10, maxSize: 1 << 20)

    /// Creates parameters after checking they make sense.
    ///
    /// - Throws: `ChunkerParametersError` when the sizes are not ordered
    ///   `64 <= min < average < max <= largestBlock`, or `average` is not a
    ///   power of two.
    public init(minSize: Int, averageSize: Int, maxSize: Int) throws(ChunkerParametersError) {
        guard minSize >= 64, minSize < averageSize, averageSize < maxSize, maxSize <= Self.largestBlock else {
            throw .unordered(minSize: minSize, averageSize: averageSize, maxSize: maxSize)
        }
        guard averageSize.nonzeroBitCount == 1, averageSize >= 256 else { throw .averageNotPowerOfTwo(averageSize) }
        self.minSize = minSize
        self.averageSize = averageSize
        self.maxSize = maxSize
    }
}

/// Why chunker parameters were refused.
public enum ChunkerParametersError: Error, Equatable, CustomStringConvertible {
    /// The sizes are not ordered `64 <= min < average < max <= 16 MiB`.
    case unordered(minSize: Int, averageSize: Int, maxSize: Int)
    /// The average size is not a power of two of at least 256.
    case averageNotPowerOfTwo(Int)

    public var description: String {
        switch self {
        case .unordered(let min, let average, let max):
            "chunk sizes must satisfy 64 <= min < average < max <= \(ChunkerParameters.largestBlock); "
                + "got min \(min), average \(average), max \(max)"
        case .averageNotPowerOfTwo(let average):
            "the average chunk size must be a power of two of at least 256, not \(average)"
        }
    }
}
