import ShoalCrypto
import ShoalModel
import ShoalTestSupport
import Testing

@testable import ShoalProtocol

@Suite struct BlockTransferTests {
    let data = Array(repeating: Array("the same line again and again\n".utf8), count: 4000).flatMap { $0 }

    var request: BlockRequest { BlockRequest(id: 5, folder: Fixtures.docs, hash: ContentHash.of(data), size: UInt32(data.count)) }

    @Test func matchingResponseYieldsTheData() throws {
        #expect(try request.verifiedData(from: BlockResponse(id: 5, result: .success(data))) == data)
    }

    @Test func dataThatDoesNotHashToTheBlockIsRefused() {
        var wrong = data
        wrong[100] ^= 1
        #expect(throws: BlockVerificationError.wrongHash(expected: request.hash, received: ContentHash.of(wrong))) {
            try request.verifiedData(from: BlockResponse(id: 5, result: .success(wrong)))
        }
        #expect(throws: BlockVerificationError.wrongSize(hash: request.hash, expected: data.count, received: 3)) {
            try request.verifiedData(from: BlockResponse(id: 5, result: .success([1, 2, 3])))
        }
        #expect(throws: BlockVerificationError.wrongResponse(expectedID: 5, receivedID: 6)) {
            try request.verifiedData(from: BlockResponse(id: 6, result: .success(data)))
        }
        #expect(throws: BlockVerificationError.refused(.notFound)) {
            try request.verifiedData(from: BlockResponse(id: 5, result: .failure(.notFound)))
        }
    }

    @Test func compressibleDataIsSentCompressed() throws {
        let message = Message.response(BlockResponse(id: 1, result: .success(data)))
        let plain = try MessageCodec(compressesBlocks: false).encode(message)
        let compressed = try MessageCodec(compressesBlocks: true).encode(message)
        #expect(compressed.count < plain.count / 10)
        #expect(try MessageCodec().decode(compressed) == message)
    }

    @Test func incompressibleDataIsNeverExpanded() throws {
        var random = SplitMix64(seed: 3)
        for size in [0, 1, 63, 64, 1000, 65_536, 300_000] {
            let message = Message.response(BlockResponse(id: 1, result: .success(random.bytes(size))))
            let plain = try MessageCodec(compressesBlocks: false).encode(message)
            let compressed = try MessageCodec(compressesBlocks: true).encode(message)
            #expect(compressed == plain, "size \(size)")
        }
    }

    @Test func lz4DataThatLiesAboutItsSizeIsRefused() throws {
        let message = Message.response(BlockResponse(id: 1, result: .success(data)))
        var bytes = try MessageCodec(compressesBlocks: true).encode(message)
        #expect(bytes[5] == 1)  // compressed
        // Claim one byte more than the data expands to.
        let original = UInt32(data.count + 1)
        bytes.replaceSubrange(6..<10, with: withUnsafeBytes(of: original.bigEndian) { Array($0) })
        #expect(throws: MessageDecodingError.self) { try MessageCodec().decode(bytes) }
        // Corrupt the compressed stream itself.
        var corrupt = try MessageCodec(compressesBlocks: true).encode(message)
        for index in 14..<min(corrupt.count, 40) { corrupt[index] = 0xff }
        #expect(throws: MessageDecodingError.self) { try MessageCodec().decode(corrupt) }
    }
}
