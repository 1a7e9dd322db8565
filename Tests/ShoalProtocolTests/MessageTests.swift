import ShoalCrypto
import ShoalModel
import ShoalProtocol
import Testing

@Suite struct MessageTests {
    @Test func indexBatchNamesItsAuthorByKey() throws {
        let identity = try DeviceIdentity(seed: [UInt8](repeating: 1, count: 32))
        let batch = IndexBatch(
            folder: try FolderID("docs"), authorKey: identity.publicKey, after: 0, through: 0, records: [])
        #expect(batch.author == identity.deviceID)
        #expect(batch.signature.isEmpty)
    }
}
