internal import CLZ4

/// LZ4 for block data, used only where it pays.
///
/// Compression is tried on a sample first: data whose first 16 KiB do not
/// shrink is sent as it is, so incompressible data (media, archives,
/// encrypted files) costs almost nothing extra. Data is sent compressed
/// only when the result is at least 1/32 smaller.
package enum BlockCompression {
    package static let sampleBytes = 16 << 10

    /// Appends the LZ4 form of `data` to `output` and returns its length,
    /// or returns `nil` (leaving `output` as it was) when compressing would
    /// not save at least 1/32 of the size.
    package static func appendCompressed(_ data: UnsafeRawBufferPointer, to output: inout [UInt8]) -> Int? {
        guard data.count >= 64 else { return nil }
        if data.count > 4 * sampleBytes, !sampleShrinks(data) { return nil }
        let capacity = data.count - data.count / 32 - 1
        let compressed = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            let written = LZ4_compress_default(
                data.baseAddress!.assumingMemoryBound(to: CChar.self),
                UnsafeMutableRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(data.count),
                Int32(capacity))
            initialized = Int(max(0, written))
        }
        guard !compressed.isEmpty else { return nil }
        output.append(contentsOf: compressed)
        return compressed.count
    }

    private static func sampleShrinks(_ data: UnsafeRawBufferPointer) -> Bool {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: sampleBytes) { scratch in
            let capacity = sampleBytes - sampleBytes / 16
            return LZ4_compress_default(
                data.baseAddress!.assumingMemoryBound(to: CChar.self), scratch.baseAddress!, Int32(sampleBytes),
                Int32(capacity)) > 0
        }
    }

    /// Decompresses `compressed`, which must expand to exactly `originalSize`
    /// bytes (already checked against the block size limit by the caller).
    package static func decompress(_ compressed: UnsafeRawBufferPointer, originalSize: Int) throws(MessageDecodingError)
        -> [UInt8]
    {
        guard !compressed.isEmpty else {
            throw .invalidValue(field: "compressed block data", reason: "empty")
        }
        var output = [UInt8](repeating: 0, count: originalSize)
        let produced = output.withUnsafeMutableBytes { out in
            LZ4_decompress_safe(
                compressed.baseAddress!.assumingMemoryBound(to: CChar.self),
                out.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(compressed.count), Int32(originalSize))
        }
        guard produced == originalSize else {
            throw .invalidValue(
                field: "compressed block data",
                reason: produced < 0
                    ? "not valid LZ4 for \(originalSize) bytes" : "expands to \(produced) bytes, not \(originalSize)")
        }
        return output
    }
}
