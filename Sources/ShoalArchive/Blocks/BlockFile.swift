import ShoalProtocol

/// The bytes of one block file: a format byte, then the block.
///
/// ```
/// 0x00  data                              stored as it is
/// 0x01  original size (u32, big-endian)   LZ4 block format
/// ```
///
/// LZ4 is used only when it pays (`BlockCompression`: at least 1/32
/// smaller, and incompressible data is recognised from a sample), so random
/// or already compressed data costs one byte per block. The content hash is
/// not repeated in the file: it is the file's name, and every read checks
/// the decoded bytes against it.
enum BlockFile {
    /// The format byte of a block stored as it is.
    static let raw: UInt8 = 0
    /// The format byte of an LZ4-compressed block.
    static let lz4: UInt8 = 1
    /// Format byte plus the original size.
    static let lz4HeaderSize = 5

    /// The file content for `data`, compressed when that pays.
    static func encode(_ data: [UInt8]) -> [UInt8] {
        var output: [UInt8] = [lz4]
        output.reserveCapacity(data.count + lz4HeaderSize)
        withUnsafeBytes(of: UInt32(data.count).bigEndian) { output.append(contentsOf: $0) }
        if data.withUnsafeBytes({ BlockCompression.appendCompressed($0, to: &output) }) != nil {
            return output
        }
        output.removeAll(keepingCapacity: true)
        output.append(raw)
        output.append(contentsOf: data)
        return output
    }

    /// The block held by a file's `content`.
    ///
    /// - Throws: `BlockFileError` saying why the content is not a block
    ///   file; the caller still checks the result's hash.
    static func decode(_ content: [UInt8], maxSize: Int) throws(BlockFileError) -> [UInt8] {
        guard let format = content.first else { throw BlockFileError(reason: "the file is empty") }
        switch format {
        case raw:
            return Array(content[1...])
        case lz4:
            guard content.count > lz4HeaderSize else {
                throw BlockFileError(reason: "the file is \(content.count) bytes, too short for an LZ4 block")
            }
            let size = Int(content[1..<lz4HeaderSize].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
            guard size <= maxSize else {
                throw BlockFileError(reason: "it claims \(size) bytes, more than the largest block")
            }
            do {
                return try content.withUnsafeBytes { bytes throws(MessageDecodingError) in
                    try BlockCompression.decompress(
                        UnsafeRawBufferPointer(rebasing: bytes[lz4HeaderSize...]), originalSize: size)
                }
            } catch {
                throw BlockFileError(reason: "its LZ4 data is damaged: \(error)")
            }
        default:
            throw BlockFileError(reason: "unknown format byte \(format)")
        }
    }
}

/// Why the content of a block file is not a block.
struct BlockFileError: Error {
    let reason: String
}
