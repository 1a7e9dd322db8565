import Logging
import NIOCore
import ShoalCrypto
import ShoalProtocol

/// Sets up a channel for a peer session and turns it into a
/// `PeerConnection`; shared by `PeerListener` and `PeerConnector`.
enum SecureChannel {
    typealias Wrapped = NIOAsyncChannel<Message, OutboundFrame>

    /// A channel whose handshake is under way.
    struct Pending: Sendable {
        let channel: Wrapped
        let established: EventLoopFuture<SessionEstablishment>
        let closeWritten: EventLoopFuture<Void>
    }

    /// Installs the session handler and the async wrapper. Must run on the
    /// channel's event loop (inside a bootstrap's initializer).
    static func install(
        on channel: any Channel, role: Handshake.Role, trustedPeers: Set<DeviceID>,
        configuration: TransportConfiguration, slots: HandshakeSlots?
    ) throws -> Pending {
        let promise = channel.eventLoop.makePromise(of: SessionEstablishment.self)
        let closeWritten = channel.eventLoop.makePromise(of: Void.self)
        let handshake = Handshake(
            role: role, identity: configuration.identity, trustedPeers: trustedPeers, ephemeral: .generate())
        let handler = SecureSessionHandler(
            handshake: handshake, hello: configuration.hello, timeout: configuration.handshakeTimeout,
            logger: configuration.logger, established: promise, closeWritten: closeWritten)
        if let slots {
            let (ticket, evicted) = slots.admit(
                PendingHandshake(eventLoop: channel.eventLoop, handler: NIOLoopBound(handler, eventLoop: channel.eventLoop)))
            handler.onHandshakeEnd = { slots.release(ticket) }
            for pending in evicted { pending.drop(.tooManyUnauthenticated(limit: slots.limit)) }
        }
        let outbound = configuration.outboundBufferBytes
        try channel.syncOptions?.setOption(.writeBufferWaterMark, value: .init(low: outbound / 2, high: outbound))
        // Reads of up to 1 MiB: a block frame arrives in a few reads, not dozens.
        try channel.syncOptions?.setOption(
            .recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 4096, initial: 64 << 10, maximum: 1 << 20))
        try channel.pipeline.syncOperations.addHandler(handler)
        let wrapped = try Wrapped(
            wrappingChannelSynchronously: channel,
            configuration: .init(
                backPressureStrategy: .init(
                    lowWatermark: max(1, configuration.inboundBufferMessages / 2),
                    highWatermark: max(1, configuration.inboundBufferMessages))))
        return Pending(channel: wrapped, established: promise.futureResult, closeWritten: closeWritten.futureResult)
    }

    /// Waits for the session, then runs `body` with the connection and
    /// closes the channel when it returns.
    static func run<Result: Sendable>(
        _ pending: Pending, configuration: TransportConfiguration, body: (PeerConnection) async throws -> Result
    ) async throws -> Result {
        try await pending.channel.executeThenClose { inbound, outbound in
            let session = try await pending.established.get()
            let channel = pending.channel.channel
            let address = channel.remoteAddress.peerDescription
            let requests = BlockRequestsInFlight()
            let ours = configuration.hello.capabilities
            let codec = MessageCodec(compressesBlocks: ours.contains(.lz4) && session.peerHello.capabilities.contains(.lz4))
            let checks = InboundChecks(
                authenticator: configuration.authenticator, requests: requests, verifiesBlocks: configuration.verifiesBlockResponses, channel: channel,
                logger: configuration.logger, description: "\(address) (device \(session.peerKey.deviceID))")
            let connection = PeerConnection(
                peer: session.peerKey.deviceID, peerHello: session.peerHello, protocolVersion: session.protocolVersion,
                remoteAddress: address, inbound: PeerInbound(iterator: inbound.makeAsyncIterator(), checks: checks),
                outbound: PeerOutbound(
                    writer: outbound, codec: codec, requests: requests, channel: channel,
                    closeWritten: pending.closeWritten))
            return try await body(connection)
        }
    }
}
