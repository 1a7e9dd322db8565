import NIOCore
public import ShoalProtocol

/// Sends messages to a connected peer. Safe to use from several tasks;
/// messages go out in the order `send` is called.
///
/// `send` waits while the socket's buffer is full (the peer reads slowly),
/// so a fast sender never queues more than `outboundBufferBytes` plus one
/// frame per waiting task.
public struct PeerOutbound: Sendable {
    private let writer: NIOAsyncChannelOutboundWriter<OutboundFrame>
    private let codec: MessageCodec
    private let requests: BlockRequestsInFlight
    private let channel: any Channel
    private let closeWritten: EventLoopFuture<Void>

    init(
        writer: NIOAsyncChannelOutboundWriter<OutboundFrame>, codec: MessageCodec, requests: BlockRequestsInFlight,
        channel: any Channel, closeWritten: EventLoopFuture<Void>
    ) {
        self.closeWritten = closeWritten
        self.writer = writer
        self.codec = codec
        self.requests = requests
        self.channel = channel
    }

    /// Encodes, seals and sends `message`; waits while the peer is not
    /// keeping up. Block data is LZ4-compressed when both sides offered
    /// `Capabilities.lz4` and it pays. A `BlockRequest` is remembered so its
    /// response can be checked.
    ///
    /// - Throws: `PeerConnectionError.encoding` when the message breaks a
    ///   protocol limit (nothing is sent), or an error when the connection is closed.
    public func send(_ message: Message) async throws {
        let plaintext: [UInt8]
        do {
            plaintext = try codec.encode(message)
        } catch {
            throw PeerConnectionError.encoding(error)
        }
        if case .request(let request) = message { requests.add(request) }
        let isFinal = if case .close = message { true } else { false }
        try await writer.write(OutboundFrame(plaintext: plaintext, isFinal: isFinal))
    }

    /// Sends `Close(reason)` as the stream's final frame and closes the
    /// connection once it is written (or after the handshake timeout, if the
    /// peer stops reading). The reason is cut to the protocol's limit.
    public func close(reason: String) async {
        var text = reason
        while text.utf8.count > WireLimits.maxReasonBytes { text.removeLast() }
        if (try? await send(.close(Close(reason: text)))) != nil {
            try? await closeWritten.get()
        }
        writer.finish()
        try? await channel.close()
    }
}
