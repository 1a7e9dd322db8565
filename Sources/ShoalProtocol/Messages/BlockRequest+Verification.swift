public import ShoalCrypto

extension BlockRequest {
    /// The block's bytes from `response`, after checking that the response
    /// answers this request and its data is exactly the requested block:
    /// `size` bytes whose SHA-256 is `hash`.
    ///
    /// - Throws: `BlockVerificationError` saying what does not match, or
    ///   `.refused` with the responder's error code.
    public func verifiedData(from response: BlockResponse) throws(BlockVerificationError) -> [UInt8] {
        guard response.id == id else { throw .wrongResponse(expectedID: id, receivedID: response.id) }
        let data: [UInt8]
        switch response.result {
        case .failure(let error): throw .refused(error)
        case .success(let bytes): data = bytes
        }
        guard data.count == Int(size) else { throw .wrongSize(hash: hash, expected: Int(size), received: data.count) }
        let received = data.withUnsafeBytes { ContentHash.of($0) }
        guard received == hash else { throw .wrongHash(expected: hash, received: received) }
        return data
    }
}

/// Why a block response cannot be used for the block that was requested.
public enum BlockVerificationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The response answers another request.
    case wrongResponse(expectedID: UInt32, receivedID: UInt32)
    /// The responder sent an error instead of data.
    case refused(BlockError)
    /// The data has another length than the block.
    case wrongSize(hash: ContentHash, expected: Int, received: Int)
    /// The data does not hash to the requested block.
    case wrongHash(expected: ContentHash, received: ContentHash)

    public var description: String {
        switch self {
        case .wrongResponse(let expected, let received):
            "response \(received) does not answer request \(expected)"
        case .refused(let error):
            "the peer could not serve the block: \(error)"
        case .wrongSize(let hash, let expected, let received):
            "block \(hash.hex.prefix(16)) should have \(expected) bytes, the response has \(received)"
        case .wrongHash(let expected, let received):
            "response data hashes to \(received.hex.prefix(16)), not to the requested block \(expected.hex.prefix(16))"
        }
    }
}
