/// Encodes messages to their wire form and decodes them back, enforcing
/// every limit in `WireLimits`.
///
/// A message's wire form (its *frame plaintext*) is one type byte followed by
/// the body; `Docs/PROTOCOL.md` specifies each body. Decoding never traps and
/// never allocates more than the input's size: every length and count is
/// checked against its limit and against the bytes present first. Values are
/// immutable and safe to use from any thread.
public struct MessageCodec: Sendable {
    /// Whether block data in responses is LZ4-compressed when that makes it
    /// smaller. Set it only when the peer's `Hello` offers `Capabilities.lz4`.
    public var compressesBlocks: Bool

    /// Creates a codec.
    public init(compressesBlocks: Bool = false) {
        self.compressesBlocks = compressesBlocks
    }

    /// The wire form of `message`.
    ///
    /// - Throws: `MessageEncodingError` when the message breaks a limit (for
    ///   example a batch too large for one frame) or has a value the wire form
    ///   cannot carry (an unsigned index batch).
    public func encode(_ message: Message) throws(MessageEncodingError) -> [UInt8] {
        var writer = WireWriter(capacity: Self.capacityHint(for: message))
        writer.u8(MessageType(message).rawValue)
        switch message {
        case .hello(let hello): try Self.encode(hello, into: &writer)
        case .clusterConfig(let config): try Self.encode(config, into: &writer)
        case .indexBatch(let batch): try Self.encode(batch, into: &writer)
        case .request(let request): try Self.encode(request, into: &writer)
        case .response(let response): try encode(response, into: &writer)
        case .progress(let progress): try Self.encode(progress, into: &writer)
        case .ping: break
        case .close(let close): try writer.string(close.reason, field: "close reason", limit: WireLimits.maxReasonBytes)
        }
        guard writer.bytes.count <= WireLimits.maxFrameBytes else {
            throw .limitExceeded(field: "frame size", count: writer.bytes.count, limit: WireLimits.maxFrameBytes)
        }
        return writer.bytes
    }

    /// Decodes one message from its complete wire form.
    ///
    /// - Throws: `MessageDecodingError` naming the field and the rule broken.
    public func decode(_ bytes: UnsafeRawBufferPointer) throws(MessageDecodingError) -> Message {
        guard bytes.count <= WireLimits.maxFrameBytes else {
            throw .limitExceeded(field: "frame size", count: bytes.count, limit: WireLimits.maxFrameBytes)
        }
        var reader = WireReader(bytes)
        let typeByte = try reader.u8("message type")
        guard let type = MessageType(rawValue: typeByte) else { throw .unknownMessageType(typeByte) }
        let message: Message
        switch type {
        case .hello:
            // Later versions may append fields to `Hello`; they are ignored.
            return .hello(try Self.decodeHello(&reader))
        case .clusterConfig: message = .clusterConfig(try Self.decodeClusterConfig(&reader))
        case .indexBatch: message = .indexBatch(try Self.decodeIndexBatch(&reader))
        case .request: message = .request(try Self.decodeRequest(&reader))
        case .response: message = .response(try Self.decodeResponse(&reader))
        case .progress: message = .progress(try Self.decodeProgress(&reader))
        case .ping: message = .ping
        case .close: message = .close(Close(reason: try reader.string("close reason", limit: WireLimits.maxReasonBytes)))
        }
        try reader.expectEnd(type.name)
        return message
    }

    /// Decodes one message from its complete wire form; see `decode(_:)`.
    public func decode(_ bytes: [UInt8]) throws(MessageDecodingError) -> Message {
        try bytes.withBytes { (buffer) throws(MessageDecodingError) in try decode(buffer) }
    }

    private static func capacityHint(for message: Message) -> Int {
        switch message {
        case .response(let response):
            if case .success(let data) = response.result { data.count + 16 } else { 16 }
        case .indexBatch(let batch): 256 + batch.records.count * 128
        default: 256
        }
    }
}

/// The type byte that starts each message's wire form.
enum MessageType: UInt8, CaseIterable {
    case hello = 1
    case clusterConfig = 2
    case indexBatch = 3
    case request = 4
    case response = 5
    case progress = 6
    case ping = 7
    case close = 8

    init(_ message: Message) {
        self =
            switch message {
            case .hello: .hello
            case .clusterConfig: .clusterConfig
            case .indexBatch: .indexBatch
            case .request: .request
            case .response: .response
            case .progress: .progress
            case .ping: .ping
            case .close: .close
            }
    }

    /// The message's name, for error messages.
    var name: String { "\(self)" }
}
