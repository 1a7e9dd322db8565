import ShoalCrypto
import ShoalProtocol

/// Index batch signatures for the simulated world: a SHA-256 over the bytes
/// Ed25519 would sign (`IndexBatch.signedBytes()`), checked the same way.
///
/// Thousands of seeds sign and check hundreds of thousands of batches; the
/// real Ed25519 authenticator is tested on its own and end to end. What the
/// engine must do with a batch that fails to verify is the same either way.
struct SimulatedSignatures: IndexBatchAuthenticator {
    func sign(_ batch: IndexBatch, as identity: DeviceIdentity) throws(IndexBatchError) -> IndexBatch {
        var signed = batch
        signed.signature = try Self.digest(of: batch)
        return signed
    }

    func verify(_ batch: IndexBatch) throws(IndexBatchError) {
        guard batch.signature == (try? Self.digest(of: batch)) else { throw .badSignature(author: batch.author) }
    }

    /// SHA-256 of the bytes Ed25519 would sign, twice, to fill 64 bytes.
    private static func digest(of batch: IndexBatch) throws(IndexBatchError) -> [UInt8] {
        let hash = ContentHash.of(try batch.signedBytes()).bytes
        return hash + hash
    }
}
