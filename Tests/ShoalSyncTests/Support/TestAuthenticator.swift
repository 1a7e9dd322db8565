import ShoalCrypto
import ShoalModel
import ShoalProtocol

/// Signs index batches with the author's real Ed25519 key over a simple
/// deterministic encoding of every field, so a batch changed after signing,
/// or signed by another key, fails `verify`. A stand-in until the protocol
/// module has its own authenticator.
struct TestAuthenticator: IndexBatchAuthenticator {
    func sign(_ batch: IndexBatch, as identity: DeviceIdentity) -> IndexBatch {
        var signed = batch
        signed.signature = identity.sign(Self.signedBytes(of: batch))
        return signed
    }

    func verify(_ batch: IndexBatch) throws(IndexBatchError) {
        guard batch.authorKey.isValidSignature(batch.signature, of: Self.signedBytes(of: batch)) else {
            throw IndexBatchError("the signature does not match the batch")
        }
    }

    /// Every field of the batch, length-prefixed where lengths vary.
    static func signedBytes(of batch: IndexBatch) -> [UInt8] {
        var bytes: [UInt8] = []
        func put(_ value: UInt64) { withUnsafeBytes(of: value.bigEndian) { bytes += $0 } }
        func put(_ text: String) {
            put(UInt64(text.utf8.count))
            bytes += text.utf8
        }
        put(batch.folder.rawValue)
        bytes += batch.authorKey.bytes
        put(batch.after)
        put(batch.through)
        put(UInt64(batch.records.count))
        for record in batch.records {
            put(record.path.string)
            put(UInt64(record.kind.rawValue))
            put(UInt64(bitPattern: record.size))
            put(UInt64(record.permissions))
            put(UInt64(bitPattern: record.modifiedNanoseconds))
            put(record.isDeleted ? 1 : 0)
            put(record.symlinkTarget.map { "=" + $0 } ?? "")
            put(record.sequence)
            bytes += record.modifiedBy.rawBytes
            put(UInt64(record.version.entries.count))
            for entry in record.version.entries {
                bytes += entry.device.rawBytes
                put(entry.counter)
            }
            put(UInt64(record.blocks.count))
            for block in record.blocks {
                bytes += block.hash.bytes
                put(UInt64(block.size))
            }
        }
        return bytes
    }
}
