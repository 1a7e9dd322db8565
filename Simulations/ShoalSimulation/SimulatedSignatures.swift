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
        guard batch.signature == Self.digest(of: batch) else { throw IndexBatchError("the signature does not verify") }
    }

    private static func digest(of batch: IndexBatch) -> [UInt8] {
        var text = "\(batch.folder) \(batch.after) \(batch.through)"
        for record in batch.records {
            text += "|\(record.path) \(record.version.entries.map { "\($0.device.shortID)\($0.counter)" }) \(record.isDeleted)"
            text += " \(record.blocks.map(\.hash.hex).joined()) \(record.permissions) \(record.sequence)"
        }
        let hash = ContentHash.of(batch.authorKey.bytes + Array(text.utf8)).bytes
        return hash + hash
    }
}
