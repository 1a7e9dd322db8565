public import ShoalCrypto

extension IndexBatch {
    /// Prefix of the signed bytes, so a batch signature can never be
    /// mistaken for a signature of anything else (such as a handshake).
    static let signatureContext = Array("shoal index batch v1\0".utf8)

    /// The exact bytes the author signs: a context string, then the batch's
    /// wire form without its signature (`Docs/PROTOCOL.md`).
    ///
    /// - Throws: `IndexBatchError.unencodable` when the batch breaks a wire limit.
    public func signedBytes() throws(IndexBatchError) -> [UInt8] {
        var writer = WireWriter(capacity: 256 + records.count * 128)
        writer.raw(Self.signatureContext)
        do {
            try MessageCodec.encodeBody(of: self, into: &writer)
        } catch {
            throw .unencodable(error)
        }
        return writer.bytes
    }

    /// This batch authored and signed by `identity`: `authorKey` becomes the
    /// identity's public key and `signature` its signature of `signedBytes()`.
    ///
    /// - Throws: `IndexBatchError.unencodable` when the batch breaks a wire limit.
    public func signed(by identity: DeviceIdentity) throws(IndexBatchError) -> IndexBatch {
        var batch = self
        batch.authorKey = identity.publicKey
        batch.signature = identity.sign(try batch.signedBytes())
        return batch
    }

    /// Checks that the batch is authentic and well-formed: signed by the
    /// key it names (whose hash is `author`), every record in the batch's
    /// folder, sequences strictly increasing within `(after, through]`.
    ///
    /// - Throws: `IndexBatchError` saying which check failed.
    public func verify() throws(IndexBatchError) {
        guard after <= through else { throw .invalidRange(after: after, through: through) }
        var previous = after
        for record in records {
            guard record.folder == folder else {
                throw .foreignRecord(path: record.path, folder: record.folder, batchFolder: folder)
            }
            guard record.sequence > after && record.sequence <= through else {
                throw .sequenceOutOfRange(path: record.path, sequence: record.sequence, after: after, through: through)
            }
            guard record.sequence > previous else {
                throw .sequenceNotIncreasing(path: record.path, sequence: record.sequence, previous: previous)
            }
            previous = record.sequence
        }
        guard !signature.isEmpty else { throw .unsigned(author: author) }
        guard authorKey.isValidSignature(signature, of: try signedBytes()) else {
            throw .badSignature(author: author)
        }
    }
}
