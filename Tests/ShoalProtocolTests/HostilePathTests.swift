import ShoalCrypto
import ShoalModel
import Testing

@testable import ShoalProtocol

/// Paths arriving in an index batch or progress message are validated as
/// `RelativePath`: nothing a peer sends can name a file outside the folder.
@Suite struct HostilePathTests {
    let codec = MessageCodec()

    /// The batch's wire form with the first record's path `a.txt` replaced
    /// by `replacement` (same length, so every other field stays in place).
    func batchBytes(withPath replacement: [UInt8]) throws -> [UInt8] {
        var bytes = try codec.encode(.indexBatch(Fixtures.signedBatch))
        let original = Array("a.txt".utf8)
        let start = try #require(bytes.firstRange(of: original)?.lowerBound)
        bytes.replaceSubrange(start..<start + original.count, with: replacement)
        return bytes
    }

    @Test(arguments: [
        (Array("../ab".utf8), PathError.dotComponent("..")),
        (Array("/a.tx".utf8), .absolute("/a.tx")),
        (Array("a\0txt".utf8), .containsNUL("a\0txt")),
        ([0x61, 0xff, 0x74, 0x78, 0x74], .invalidUTF8("a\u{FFFD}txt")),
        (Array("a/../".utf8), .dotComponent("..")),
    ])
    func hostilePathInIndexBatchIsRefused(_ path: [UInt8], _ reason: PathError) throws {
        let bytes = try batchBytes(withPath: path)
        #expect(throws: MessageDecodingError.invalidPath(field: "path", reason)) { try codec.decode(bytes) }
    }

    @Test func hostilePathInProgressIsRefused() throws {
        let progress = Message.progress(
            Progress(folder: Fixtures.docs, files: [FileProgress(path: try RelativePath("x/ok"), version: .empty, heldBlocks: [])]))
        var bytes = try codec.encode(progress)
        let start = try #require(bytes.firstRange(of: Array("x/ok".utf8))?.lowerBound)
        bytes.replaceSubrange(start..<start + 4, with: Array("x/..".utf8))
        #expect(throws: MessageDecodingError.invalidPath(field: "path", .dotComponent(".."))) { try codec.decode(bytes) }
    }

    @Test func overlongPathLengthIsRefusedBeforeReading() throws {
        var bytes = try batchBytes(withPath: Array("a.txt".utf8))
        let start = try #require(bytes.firstRange(of: Array("a.txt".utf8))?.lowerBound)
        bytes[start - 2] = 0xff
        bytes[start - 1] = 0xff
        #expect(throws: MessageDecodingError.limitExceeded(field: "path length", count: 65535, limit: WireLimits.maxPathBytes)) {
            try codec.decode(bytes)
        }
    }

    @Test func authorKeyOfAnotherDeviceIsRefused() throws {
        // Claim Alice as author but carry Mallory's key (and her signature).
        let forged = try Fixtures.unsignedBatch().signed(by: Fixtures.mallory)
        var bytes = try codec.encode(.indexBatch(forged))
        let authorStart = try #require(bytes.firstRange(of: Fixtures.mallory.deviceID.rawBytes)?.lowerBound)
        bytes.replaceSubrange(authorStart..<authorStart + 32, with: Fixtures.alice.deviceID.rawBytes)
        #expect(throws: MessageDecodingError.self) { try codec.decode(bytes) }
    }
}
