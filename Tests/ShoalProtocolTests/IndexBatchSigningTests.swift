import ShoalCrypto
import ShoalModel
import Testing

@testable import ShoalProtocol

@Suite struct IndexBatchSigningTests {
    let authenticator: any IndexBatchAuthenticator = SignedIndexBatches()

    @Test func signedBatchVerifiesAfterTheWire() throws {
        let batch = try authenticator.sign(Fixtures.unsignedBatch(), as: Fixtures.alice)
        #expect(batch.author == Fixtures.alice.deviceID)
        #expect(batch.signature.count == 64)
        let received = try MessageCodec().decode(try MessageCodec().encode(.indexBatch(batch)))
        guard case .indexBatch(let decoded) = received else {
            Issue.record("decoded \(received)")
            return
        }
        try authenticator.verify(decoded)
        try authenticator.verify(decoded, claimedAuthor: Fixtures.alice.deviceID)
    }

    @Test func changedRecordBreaksTheSignature() throws {
        var batch = Fixtures.signedBatch
        batch.records[0].size += 1
        #expect(throws: IndexBatchError.badSignature(author: Fixtures.alice.deviceID)) { try authenticator.verify(batch) }
    }

    @Test func flippedSignatureBitIsRefused() throws {
        var batch = Fixtures.signedBatch
        batch.signature[17] ^= 0x01
        #expect(throws: IndexBatchError.badSignature(author: Fixtures.alice.deviceID)) { try authenticator.verify(batch) }
    }

    @Test func signatureByAnotherDeviceUnderTheAuthorsKeyIsRefused() throws {
        // Mallory signs the batch but leaves Alice's key in it: a forgery.
        var batch = Fixtures.unsignedBatch()
        batch.signature = Fixtures.mallory.sign(try batch.signedBytes())
        #expect(throws: IndexBatchError.badSignature(author: Fixtures.alice.deviceID)) { try authenticator.verify(batch) }
    }

    @Test func batchFromAnotherAuthorThanClaimedIsRefused() throws {
        let batch = try Fixtures.unsignedBatch().signed(by: Fixtures.mallory)
        try authenticator.verify(batch)  // authentic, but Mallory's own
        #expect(throws: IndexBatchError.authorMismatch(claimed: Fixtures.alice.deviceID, actual: Fixtures.mallory.deviceID)) {
            try authenticator.verify(batch, claimedAuthor: Fixtures.alice.deviceID)
        }
    }

    @Test func unsignedBatchIsRefused() {
        #expect(throws: IndexBatchError.unsigned(author: Fixtures.alice.deviceID)) {
            try authenticator.verify(Fixtures.unsignedBatch())
        }
    }

    @Test func recordOfAnotherFolderIsRefused() throws {
        var batch = Fixtures.unsignedBatch()
        batch.records[1].folder = Fixtures.photos
        #expect(throws: IndexBatchError.foreignRecord(path: batch.records[1].path, folder: Fixtures.photos, batchFolder: Fixtures.docs)) {
            try authenticator.verify(batch)
        }
        #expect(throws: IndexBatchError.self) { try authenticator.sign(batch, as: Fixtures.alice) }
    }

    @Test func sequencesMustIncreaseWithinTheRange() throws {
        var outside = Fixtures.unsignedBatch()
        outside.records[0].sequence = 10  // equal to `after`
        #expect(throws: IndexBatchError.sequenceOutOfRange(path: outside.records[0].path, sequence: 10, after: 10, through: 20)) {
            try authenticator.verify(try outside.signed(by: Fixtures.alice))
        }
        var beyond = Fixtures.unsignedBatch()
        beyond.records[3].sequence = 21
        #expect(throws: IndexBatchError.sequenceOutOfRange(path: beyond.records[3].path, sequence: 21, after: 10, through: 20)) {
            try authenticator.verify(try beyond.signed(by: Fixtures.alice))
        }
        var repeated = Fixtures.unsignedBatch()
        repeated.records[2].sequence = 12
        #expect(throws: IndexBatchError.sequenceNotIncreasing(path: repeated.records[2].path, sequence: 12, previous: 12)) {
            try authenticator.verify(try repeated.signed(by: Fixtures.alice))
        }
        var reversed = Fixtures.unsignedBatch()
        reversed.records = []
        reversed.after = 30
        #expect(throws: IndexBatchError.invalidRange(after: 30, through: 20)) {
            try authenticator.verify(try reversed.signed(by: Fixtures.alice))
        }
    }

    @Test func signedBytesStartWithTheContextAndAreStable() throws {
        let bytes = try Fixtures.unsignedBatch().signedBytes()
        #expect(bytes.starts(with: Array("shoal index batch v1\0".utf8)))
        #expect(try Fixtures.signedBatch.signedBytes() == bytes)  // the signature is not part of it
    }
}
