import ShoalCrypto
import ShoalModel
import ShoalTestSupport
import Testing

@testable import ShoalProtocol

@Suite struct MessageCodecTests {
    let codec = MessageCodec()

    @Test(arguments: Fixtures.everyMessage)
    func roundTripsEveryMessage(_ message: Message) throws {
        let bytes = try codec.encode(message)
        #expect(try codec.decode(bytes) == message)
    }

    @Test func roundTripsEveryBlockErrorCode() throws {
        for error in BlockError.allCases {
            let message = Message.response(BlockResponse(id: 1, result: .failure(error)))
            #expect(try codec.decode(try codec.encode(message)) == message)
        }
    }

    @Test func everyMessageTypeIsCovered() {
        let types = Set(Fixtures.everyMessage.map { MessageType($0) })
        #expect(types == Set(MessageType.allCases))
    }

    @Test func truncatedMessagesAreRefusedAtEveryLength() throws {
        for message in Fixtures.everyMessage where message != .ping {
            let bytes = try codec.encode(message)
            // Hello may grow trailing fields, so only its fixed fields are cut.
            for length in 0..<bytes.count {
                #expect(throws: MessageDecodingError.self) { try codec.decode(Array(bytes.prefix(length))) }
            }
        }
    }

    @Test func trailingBytesAreRefusedExceptAfterHello() throws {
        let ping = try codec.encode(.ping) + [0]
        #expect(throws: MessageDecodingError.trailingBytes(message: "ping", count: 1)) { try codec.decode(ping) }
        let hello = try codec.encode(.hello(Fixtures.hello)) + [1, 2, 3]
        #expect(try codec.decode(hello) == .hello(Fixtures.hello))
    }

    @Test func unknownMessageTypeIsRefused() {
        #expect(throws: MessageDecodingError.unknownMessageType(99)) { try codec.decode([99]) }
        #expect(throws: MessageDecodingError.self) { try codec.decode([]) }
    }

    @Test func helloWithReversedVersionRangeIsRefusedNotTrapped() throws {
        var bytes = try codec.encode(.hello(Fixtures.hello))
        bytes[1...4] = [0, 5, 0, 2]  // lowest 5, highest 2
        #expect(throws: MessageDecodingError.self) { try codec.decode(bytes) }
    }

    @Test func versionVectorOutOfOrderIsRefusedNotTrapped() throws {
        // A version vector listing the same device twice would trap in
        // `VersionVector.init`; the decoder must refuse it first.
        let progress = Message.progress(
            Progress(
                folder: Fixtures.docs,
                files: [
                    FileProgress(
                        path: try RelativePath("f"), version: VersionVector([.init(device: Fixtures.bob.deviceID, counter: 1)]),
                        heldBlocks: [])
                ]))
        var bytes = try codec.encode(progress)
        // Duplicate the single entry: count 1 -> 2, append a copy of the 40 bytes.
        let countOffset = 1 + 2 + 4 + 4 + 2 + 1
        #expect(bytes[countOffset...countOffset + 1] == [0, 1])
        bytes[countOffset + 1] = 2
        let entry = Array(bytes[(countOffset + 2)..<(countOffset + 42)])
        bytes.insert(contentsOf: entry, at: countOffset + 42)
        #expect(throws: MessageDecodingError.invalidValue(field: "version vector", reason: "devices are not in strictly ascending order")) {
            try codec.decode(bytes)
        }
    }

    @Test func oversizedDataIsRefusedByTheEncoder() {
        let big = Message.response(BlockResponse(id: 1, result: .success([UInt8](repeating: 0, count: WireLimits.maxBlockBytes + 1))))
        #expect(throws: MessageEncodingError.limitExceeded(field: "block data", count: WireLimits.maxBlockBytes + 1, limit: WireLimits.maxBlockBytes)) {
            try codec.encode(big)
        }
        let reason = Message.close(Close(reason: String(repeating: "x", count: WireLimits.maxReasonBytes + 1)))
        #expect(throws: MessageEncodingError.self) { try codec.encode(reason) }
    }

    @Test func unsignedBatchIsNotEncoded() {
        #expect(throws: MessageEncodingError.invalidValue(field: "index batch signature", reason: "the batch is not signed")) {
            try codec.encode(.indexBatch(Fixtures.unsignedBatch()))
        }
    }

    @Test func hugeCountsAreRefusedBeforeAllocating() throws {
        // A cluster config claiming 4 billion folders in a 5-byte body.
        #expect(throws: MessageDecodingError.limitExceeded(field: "folders count", count: Int(UInt32.max), limit: WireLimits.maxFolders)) {
            try codec.decode([MessageType.clusterConfig.rawValue, 0xff, 0xff, 0xff, 0xff])
        }
        // Within the limit but far more than the bytes present.
        #expect(throws: MessageDecodingError.truncated(field: "folders", needed: 4096 * 8, available: 0)) {
            try codec.decode([MessageType.clusterConfig.rawValue, 0, 0, 0x10, 0])
        }
        // A response announcing a 4 GiB block.
        #expect(throws: MessageDecodingError.limitExceeded(field: "block data length", count: Int(UInt32.max), limit: WireLimits.maxBlockBytes)) {
            try codec.decode([MessageType.response.rawValue, 0, 0, 0, 1, 0, 0xff, 0xff, 0xff, 0xff])
        }
    }
}
