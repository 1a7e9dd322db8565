import ShoalCrypto
import ShoalModel

// MARK: - IndexBatch

extension MessageCodec {
    /// The wire form of a batch.
    ///
    /// - Throws: `.invalidValue` when the batch is unsigned (sign it before
    ///   sending) or a record belongs to another folder.
    static func encode(_ batch: IndexBatch, into writer: inout WireWriter) throws(MessageEncodingError) {
        guard batch.signature.count == SigningPublicKey.signatureByteCount else {
            throw .invalidValue(field: "index batch signature", reason: "the batch is not signed")
        }
        try encodeBody(of: batch, into: &writer)
        writer.raw(batch.signature)
    }

    /// The batch without its signature: the bytes the author signs.
    static func encodeBody(of batch: IndexBatch, into writer: inout WireWriter) throws(MessageEncodingError) {
        try writer.string(batch.folder.rawValue, field: "folder", limit: FolderID.maxLength)
        writer.device(batch.author)
        writer.raw(batch.authorKey.bytes)
        writer.u64(batch.after)
        writer.u64(batch.through)
        try writer.count(batch.records.count, field: "records", limit: WireLimits.maxRecordsPerBatch)
        for record in batch.records {
            guard record.folder == batch.folder else {
                throw .invalidValue(
                    field: "folder of \(record.path)", reason: "'\(record.folder)' in a batch of folder '\(batch.folder)'")
            }
            try encode(record, into: &writer)
        }
    }

    static func decodeIndexBatch(_ reader: inout WireReader) throws(MessageDecodingError) -> IndexBatch {
        let folder = try decodeFolderID(&reader)
        let claimedAuthor = try reader.device("author")
        let keyBytes = try reader.take(SigningPublicKey.byteCount, "author key")
        let authorKey = try! SigningPublicKey(bytes: keyBytes)
        guard authorKey.deviceID == claimedAuthor else {
            throw .invalidValue(
                field: "author key",
                reason: "it belongs to device \(authorKey.deviceID), not to the claimed author \(claimedAuthor)")
        }
        let after = try reader.u64("after")
        let through = try reader.u64("through")
        let count = try reader.count(
            "records", limit: WireLimits.maxRecordsPerBatch, minimumElementBytes: minimumRecordBytes)
        var records: [FileRecord] = []
        records.reserveCapacity(count)
        for _ in 0..<count {
            records.append(try decodeRecord(&reader, folder: folder))
        }
        var batch = IndexBatch(folder: folder, authorKey: authorKey, after: after, through: through, records: records)
        batch.signature = try reader.bytes(SigningPublicKey.signatureByteCount, "signature")
        return batch
    }
}
