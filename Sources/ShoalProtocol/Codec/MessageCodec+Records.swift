import ShoalCrypto
import ShoalModel

// MARK: - File records, version vectors and paths

extension MessageCodec {
    /// The fewest bytes one encoded record takes (a one-byte path, nothing optional).
    static let minimumRecordBytes = 71

    private static let deletedFlag: UInt8 = 1 << 0
    private static let symlinkTargetFlag: UInt8 = 1 << 1

    /// Encodes a record without its folder, which the enclosing message names.
    static func encode(_ record: FileRecord, into writer: inout WireWriter) throws(MessageEncodingError) {
        encode(record.path, into: &writer)
        writer.u8(record.kind.rawValue)
        writer.u8((record.isDeleted ? deletedFlag : 0) | (record.symlinkTarget != nil ? symlinkTargetFlag : 0))
        guard record.size >= 0 else { throw .invalidValue(field: "size of \(record.path)", reason: "negative") }
        writer.i64(record.size)
        guard record.permissions <= 0o7777 else {
            throw .invalidValue(field: "permissions of \(record.path)", reason: "more than 0o7777")
        }
        writer.u32(record.permissions)
        writer.i64(record.modifiedNanoseconds)
        try encode(record.version, into: &writer)
        if !record.blocks.isEmpty && record.kind != .file {
            throw .invalidValue(field: "blocks of \(record.path)", reason: "only files have blocks")
        }
        try writer.count(record.blocks.count, field: "blocks", limit: WireLimits.maxBlocksPerFile)
        for block in record.blocks {
            guard block.size > 0 && block.size <= WireLimits.maxBlockBytes else {
                throw .invalidValue(field: "block size in \(record.path)", reason: "\(block.size) is not in 1...\(WireLimits.maxBlockBytes)")
            }
            writer.hash(block.hash)
            writer.u32(UInt32(block.size))
        }
        if let target = record.symlinkTarget {
            guard record.kind == .symlink else {
                throw .invalidValue(field: "symlink target of \(record.path)", reason: "only symlinks have a target")
            }
            try writer.string(target, field: "symlink target", limit: WireLimits.maxSymlinkTargetBytes)
        }
        writer.u64(record.sequence)
        writer.device(record.modifiedBy)
    }

    static func decodeRecord(_ reader: inout WireReader, folder: FolderID) throws(MessageDecodingError) -> FileRecord {
        let path = try decodePath(&reader)
        let kindByte = try reader.u8("kind")
        guard let kind = FileKind(rawValue: kindByte) else {
            throw .invalidValue(field: "kind of \(path)", reason: "\(kindByte) is not 0 (file), 1 (directory) or 2 (symlink)")
        }
        let flags = try reader.u8("flags")
        guard flags & ~(deletedFlag | symlinkTargetFlag) == 0 else {
            throw .invalidValue(field: "flags of \(path)", reason: "unknown bits set in \(flags)")
        }
        let size = try reader.i64("size")
        guard size >= 0 else { throw .invalidValue(field: "size of \(path)", reason: "negative") }
        let permissions = try reader.u32("permissions")
        guard permissions <= 0o7777 else {
            throw .invalidValue(field: "permissions of \(path)", reason: "more than 0o7777")
        }
        let modified = try reader.i64("modification time")
        let version = try decodeVersion(&reader)
        let blockCount = try reader.count("blocks", limit: WireLimits.maxBlocksPerFile, minimumElementBytes: 36)
        guard blockCount == 0 || kind == .file else {
            throw .invalidValue(field: "blocks of \(path)", reason: "only files have blocks")
        }
        var blocks: [BlockRef] = []
        blocks.reserveCapacity(blockCount)
        for _ in 0..<blockCount {
            let hash = try reader.hash("block hash")
            let blockSize = Int(try reader.u32("block size"))
            guard blockSize > 0 && blockSize <= WireLimits.maxBlockBytes else {
                throw .invalidValue(field: "block size in \(path)", reason: "\(blockSize) is not in 1...\(WireLimits.maxBlockBytes)")
            }
            blocks.append(BlockRef(hash: hash, size: blockSize))
        }
        var target: String?
        if flags & symlinkTargetFlag != 0 {
            guard kind == .symlink else {
                throw .invalidValue(field: "symlink target of \(path)", reason: "only symlinks have a target")
            }
            let text = try reader.string("symlink target", limit: WireLimits.maxSymlinkTargetBytes)
            guard !text.isEmpty, !text.utf8.contains(0) else {
                throw .invalidValue(field: "symlink target of \(path)", reason: "empty or contains NUL")
            }
            target = text
        }
        return FileRecord(
            folder: folder, path: path, kind: kind, size: size, permissions: permissions,
            modifiedNanoseconds: modified, version: version, isDeleted: flags & deletedFlag != 0, blocks: blocks,
            symlinkTarget: target, sequence: try reader.u64("sequence"), modifiedBy: try reader.device("modified by"))
    }

    static func encode(_ path: RelativePath, into writer: inout WireWriter) {
        // `RelativePath` guarantees at most 4095 bytes.
        writer.u16(UInt16(path.string.utf8.count))
        writer.raw(path.string.utf8)
    }

    /// A path, validated as `RelativePath`: no `..`, no leading `/`, no NUL,
    /// valid UTF-8 in NFC, within the length limits.
    static func decodePath(_ reader: inout WireReader) throws(MessageDecodingError) -> RelativePath {
        let count = Int(try reader.u16("path length"))
        guard count <= WireLimits.maxPathBytes else {
            throw .limitExceeded(field: "path length", count: count, limit: WireLimits.maxPathBytes)
        }
        let bytes = try reader.take(count, "path")
        do {
            return try RelativePath(bytes: bytes)
        } catch {
            throw .invalidPath(field: "path", error)
        }
    }

    static func encode(_ version: VersionVector, into writer: inout WireWriter) throws(MessageEncodingError) {
        guard version.entries.count <= WireLimits.maxVersionEntries else {
            throw .limitExceeded(field: "version vector entries", count: version.entries.count, limit: WireLimits.maxVersionEntries)
        }
        writer.u16(UInt16(version.entries.count))
        for entry in version.entries {
            writer.device(entry.device)
            writer.u64(entry.counter)
        }
    }

    /// A version vector whose devices are strictly ascending and whose
    /// counters are positive: exactly the canonical form, so equal versions
    /// have one encoding.
    static func decodeVersion(_ reader: inout WireReader) throws(MessageDecodingError) -> VersionVector {
        let count = Int(try reader.u16("version vector entries"))
        guard count <= WireLimits.maxVersionEntries else {
            throw .limitExceeded(field: "version vector entries", count: count, limit: WireLimits.maxVersionEntries)
        }
        guard count * 40 <= reader.remaining else {
            throw .truncated(field: "version vector", needed: count * 40, available: reader.remaining)
        }
        var entries: [VersionVector.Entry] = []
        entries.reserveCapacity(count)
        for _ in 0..<count {
            let device = try reader.device("version device")
            let counter = try reader.u64("version counter")
            guard counter > 0 else { throw .invalidValue(field: "version counter", reason: "zero") }
            if let last = entries.last, !(last.device < device) {
                throw .invalidValue(field: "version vector", reason: "devices are not in strictly ascending order")
            }
            entries.append(VersionVector.Entry(device: device, counter: counter))
        }
        return VersionVector(entries)
    }
}
