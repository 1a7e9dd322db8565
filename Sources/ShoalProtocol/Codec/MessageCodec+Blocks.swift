import ShoalCrypto
import ShoalModel

// MARK: - Request, Response and Progress

extension MessageCodec {
    private enum ResponseStatus: UInt8 {
        case data = 0
        case compressedData = 1
        case error = 2
    }

    static func encode(_ request: BlockRequest, into writer: inout WireWriter) throws(MessageEncodingError) {
        guard request.size > 0 && request.size <= WireLimits.maxBlockBytes else {
            throw .invalidValue(field: "request size", reason: "\(request.size) is not in 1...\(WireLimits.maxBlockBytes)")
        }
        writer.u32(request.id)
        try writer.string(request.folder.rawValue, field: "folder", limit: FolderID.maxLength)
        writer.hash(request.hash)
        writer.u32(request.size)
    }

    static func decodeRequest(_ reader: inout WireReader) throws(MessageDecodingError) -> BlockRequest {
        let id = try reader.u32("request id")
        let folder = try decodeFolderID(&reader)
        let hash = try reader.hash("block hash")
        let size = try reader.u32("request size")
        guard size > 0 && size <= WireLimits.maxBlockBytes else {
            throw .invalidValue(field: "request size", reason: "\(size) is not in 1...\(WireLimits.maxBlockBytes)")
        }
        return BlockRequest(id: id, folder: folder, hash: hash, size: size)
    }

    func encode(_ response: BlockResponse, into writer: inout WireWriter) throws(MessageEncodingError) {
        writer.u32(response.id)
        switch response.result {
        case .failure(let error):
            writer.u8(ResponseStatus.error.rawValue)
            writer.u16(error.rawValue)
        case .success(let data):
            guard data.count <= WireLimits.maxBlockBytes else {
                throw .limitExceeded(field: "block data", count: data.count, limit: WireLimits.maxBlockBytes)
            }
            if compressesBlocks {
                let headerStart = writer.bytes.count
                writer.u8(ResponseStatus.compressedData.rawValue)
                writer.u32(UInt32(data.count))
                writer.u32(0)  // the compressed length, filled in below
                let compressed = data.withUnsafeBytes { BlockCompression.appendCompressed($0, to: &writer.bytes) }
                if let compressed {
                    withUnsafeBytes(of: UInt32(compressed).bigEndian) { length in
                        writer.bytes.replaceSubrange((headerStart + 5)..<(headerStart + 9), with: length)
                    }
                    return
                }
                writer.bytes.removeSubrange(headerStart...)
            }
            writer.u8(ResponseStatus.data.rawValue)
            writer.u32(UInt32(data.count))
            writer.raw(data)
        }
    }

    static func decodeResponse(_ reader: inout WireReader) throws(MessageDecodingError) -> BlockResponse {
        let id = try reader.u32("response id")
        let statusByte = try reader.u8("response status")
        switch ResponseStatus(rawValue: statusByte) {
        case .data:
            let count = Int(try reader.u32("block data length"))
            guard count <= WireLimits.maxBlockBytes else {
                throw .limitExceeded(field: "block data length", count: count, limit: WireLimits.maxBlockBytes)
            }
            return BlockResponse(id: id, result: .success(try reader.bytes(count, "block data")))
        case .compressedData:
            let original = Int(try reader.u32("block data length"))
            guard original <= WireLimits.maxBlockBytes else {
                throw .limitExceeded(field: "block data length", count: original, limit: WireLimits.maxBlockBytes)
            }
            let compressedCount = Int(try reader.u32("compressed length"))
            guard compressedCount < original else {
                throw .invalidValue(
                    field: "compressed length", reason: "\(compressedCount) bytes do not shrink \(original) bytes")
            }
            let compressed = try reader.take(compressedCount, "compressed block data")
            return BlockResponse(
                id: id, result: .success(try BlockCompression.decompress(compressed, originalSize: original)))
        case .error:
            let code = try reader.u16("block error code")
            guard let error = BlockError(rawValue: code) else {
                throw .invalidValue(field: "block error code", reason: "\(code) is not a known code")
            }
            return BlockResponse(id: id, result: .failure(error))
        case nil:
            throw .invalidValue(field: "response status", reason: "\(statusByte) is not 0, 1 or 2")
        }
    }

    static func encode(_ progress: Progress, into writer: inout WireWriter) throws(MessageEncodingError) {
        try writer.string(progress.folder.rawValue, field: "folder", limit: FolderID.maxLength)
        try writer.count(progress.files.count, field: "progress files", limit: WireLimits.maxProgressFiles)
        for file in progress.files {
            encode(file.path, into: &writer)
            try encode(file.version, into: &writer)
            try writer.count(file.heldBlocks.count, field: "held blocks", limit: WireLimits.maxBlocksPerFile)
            for hash in file.heldBlocks { writer.hash(hash) }
        }
    }

    static func decodeProgress(_ reader: inout WireReader) throws(MessageDecodingError) -> Progress {
        let folder = try decodeFolderID(&reader)
        let count = try reader.count("progress files", limit: WireLimits.maxProgressFiles, minimumElementBytes: 9)
        var files: [FileProgress] = []
        files.reserveCapacity(count)
        for _ in 0..<count {
            let path = try decodePath(&reader)
            let version = try decodeVersion(&reader)
            let held = try reader.count("held blocks", limit: WireLimits.maxBlocksPerFile, minimumElementBytes: 32)
            var hashes: [ContentHash] = []
            hashes.reserveCapacity(held)
            for _ in 0..<held { hashes.append(try reader.hash("held block")) }
            files.append(FileProgress(path: path, version: version, heldBlocks: hashes))
        }
        return Progress(folder: folder, files: files)
    }
}
