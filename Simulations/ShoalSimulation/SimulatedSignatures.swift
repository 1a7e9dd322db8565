import ShoalCrypto
import ShoalProtocol

/// Index batch signatures for the simulated world: a SHA-256 over the
/// author's key and the batch's content, checked the same way.
///
/// Thousands of seeds sign and check hundreds of thousands of batches; the
/// real Ed25519 authenticator is tested on its own and end to end. What the
/// engine must do with a batch that fails to verify is the same either way.
struct SimulatedSignatures: IndexBatchAuthenticator {
    func sign(_ batch: IndexBatch, as identity: DeviceIdentity) -> IndexBatch {
        var signed = batch
        signed.signature = Self.digest(of: batch)
        return signed
    }

    func verify(_ batch: IndexBatch) throws(IndexBatchError) {
        guard batch.signature == Self.digest(of: batch) else { throw .badSignature(author: batch.author) }
    }

    private static func digest(of batch: IndexBatch) -> [UInt8] {
        var bytes = batch.authorKey.bytes + Array(batch.folder.rawValue.utf8)
        func append(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes += $0 } }
        append(batch.after)
        append(batch.through)
        for record in batch.records {
            bytes += Array(record.path.string.utf8)
            for entry in record.version.entries {
                bytes += entry.device.rawBytes
                append(entry.counter)
            }
            append(record.sequence)
            append(UInt64(record.permissions) << 2 | (record.isDeleted ? 1 : 0))
            for block in record.blocks { bytes += block.hash.bytes }
        }
        let hash = ContentHash.of(bytes).bytes
        return hash + hash
    }
}
