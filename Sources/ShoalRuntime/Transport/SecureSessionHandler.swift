import Logging
import NIOCore
import ShoalCrypto
import ShoalProtocol

/// A message's wire form on its way to the socket; sealed on the event loop.
struct OutboundFrame: Sendable {
    /// `MessageCodec.encode` of the message.
    var plaintext: [UInt8]
    /// Whether this is the stream's last frame (a `Close`).
    var isFinal: Bool
}

/// What a finished handshake and `Hello` exchange established.
struct SessionEstablishment: Sendable {
    let peerKey: SigningPublicKey
    let peerHello: Hello
    let protocolVersion: UInt16
}

/// Runs a `Handshake` on a channel, exchanges `Hello`, then turns inbound
/// bytes into checked `Message`s and outbound frames into ciphertext.
///
/// Any failure closes only this channel, with one log line naming the
/// peer's address and the reason. All methods run on the channel's event loop.
final class SecureSessionHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = Message
    typealias OutboundIn = OutboundFrame
    typealias OutboundOut = ByteBuffer

    private enum State {
        case idle(Handshake)
        case handshaking(Handshake)
        case awaitingHello(EstablishedSession)
        case open(EstablishedSession)
        case closed
    }

    private var state: State
    private let hello: Hello
    private let timeout: Duration
    private let logger: Logger
    private let established: EventLoopPromise<SessionEstablishment>
    /// Completed once this side's `Close` is written (or cannot be anymore).
    private let closeWritten: EventLoopPromise<Void>
    private var closeWrittenDone = false
    /// Whether this side has written its final frame; the peer may then
    /// close without a `Close` of its own.
    private var sentClose = false
    private var buffer: ByteBuffer?
    private var deadline: Scheduled<Void>?
    private var context: ChannelHandlerContext?
    private var peerAddress = "unknown address"
    private var peerDevice: DeviceID?
    /// Called once when the handshake phase ends, either way.
    var onHandshakeEnd: (() -> Void)?

    init(
        handshake: Handshake, hello: Hello, timeout: Duration, logger: Logger,
        established: EventLoopPromise<SessionEstablishment>, closeWritten: EventLoopPromise<Void>
    ) {
        state = .idle(handshake)
        self.closeWritten = closeWritten
        self.hello = hello
        self.timeout = timeout
        self.logger = logger
        self.established = established
    }

    // MARK: - Lifecycle

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { start(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        // A channel closed before it ever became active (a connection reset
        // while connecting) sees no `channelInactive`: the session ends here.
        switch state {
        case .idle, .handshaking, .awaitingHello: fail(.closedDuringHandshake)
        case .open, .closed: break
        }
        completeCloseWritten()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    private func start(context: ChannelHandlerContext) {
        guard case .idle(var handshake) = state else { return }
        peerAddress = context.channel.remoteAddress.peerDescription
        let limit = timeout
        deadline = context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(limit)) {
            self.fail(.handshakeTimeout(limit))
        }
        let first = handshake.start()
        state = .handshaking(handshake)
        if !first.isEmpty { send(first, context: context) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        switch state {
        case .idle, .handshaking, .awaitingHello:
            fail(.closedDuringHandshake)
        case .open(let session):
            if session.opener.hasReachedEnd || sentClose {
                state = .closed
            } else {
                fail(.truncated)
            }
        case .closed:
            break
        }
        completeCloseWritten()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if case .closed = state {
            context.fireErrorCaught(error)
        } else {
            fail(.connection("\(error)"))
        }
    }

    /// This side closes (after its `Close`, or when its owner is done):
    /// nothing more to report.
    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        if mode == .all, case .open = state { state = .closed }
        context.close(mode: mode, promise: promise)
    }

    // MARK: - Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if case .closed = state { return }
        if buffer == nil {
            buffer = incoming
        } else {
            buffer!.writeBuffer(&incoming)
        }
        do throws(PeerConnectionError) {
            try process(context: context)
        } catch {
            fail(error)
        }
        if let readable = buffer?.readableBytes, readable == 0 {
            buffer = nil
        } else if let reader = buffer?.readerIndex, reader > 1 << 20 {
            buffer!.discardReadBytes()
        }
    }

    private func process(context: ChannelHandlerContext) throws(PeerConnectionError) {
        // `buffer` is used in place, never copied, so growing it never
        // duplicates its storage.
        while let readable = buffer?.readableBytes, readable > 0 {
            switch state {
            case .handshaking(var handshake):
                let result = buffer!.withUnsafeReadableBytes { view in
                    Result { () throws(HandshakeError) in try handshake.receive(view) }
                }
                let output: HandshakeOutput
                switch result {
                case .success(let value): output = value
                case .failure(let error): throw .handshake(error)
                }
                buffer!.moveReaderIndex(forwardBy: output.consumed)
                if !output.send.isEmpty { send(output.send, context: context) }
                guard let session = output.established else {
                    state = .handshaking(handshake)
                    return
                }
                peerDevice = session.peer
                state = .awaitingHello(session)
                do {
                    send(try session.sealer.seal(.hello(hello)), context: context)
                } catch {
                    throw .encoding(error)
                }
            case .awaitingHello(let session), .open(let session):
                guard let prefix = buffer!.getInteger(at: buffer!.readerIndex, as: UInt32.self) else { return }
                let length: Int
                do {
                    length = try FrameOpener.sealedLength(prefix: prefix)
                } catch {
                    throw .frame(error)
                }
                guard readable >= FrameSealer.lengthPrefixBytes + length else {
                    // Room for the frame's rest, up to one largest block frame
                    // (the length is within the limit and the peer is authenticated).
                    buffer!.reserveCapacity(minimumWritableBytes: min(length, WireLimits.maxBlockBytes + 4096))
                    return
                }
                let opened = buffer!.withUnsafeReadableBytes { view in
                    Result { () throws(FrameError) in
                        try session.opener.open(sealed: UnsafeRawBufferPointer(rebasing: view[4..<(4 + length)]))
                    }
                }
                buffer!.moveReaderIndex(forwardBy: FrameSealer.lengthPrefixBytes + length)
                switch opened {
                case .success(let message): try deliver(message, session: session, context: context)
                case .failure(let error): throw .frame(error)
                }
            case .idle, .closed:
                return
            }
        }
    }

    private func deliver(_ message: Message, session: EstablishedSession, context: ChannelHandlerContext)
        throws(PeerConnectionError)
    {
        guard case .awaitingHello = state else {
            if case .hello = message { throw .unexpectedHello }
            context.fireChannelRead(wrapInboundOut(message))
            return
        }
        guard case .hello(let peerHello) = message else { throw .helloExpected(received: "\(message)".prefix(60).description) }
        let version: UInt16
        do {
            version = try hello.negotiatedVersion(with: peerHello)
        } catch {
            if let close = try? session.sealer.seal(.close(Close(reason: error.description))) { send(close, context: context) }
            throw .versionMismatch(error)
        }
        state = .open(session)
        endHandshakePhase()
        established.succeed(SessionEstablishment(peerKey: session.peerKey, peerHello: peerHello, protocolVersion: version))
    }

    // MARK: - Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let frame = unwrapOutboundIn(data)
        guard case .open(let session) = state else {
            promise?.fail(PeerConnectionError.closed)
            return
        }
        let size = FrameSealer.frameSize(plaintextCount: frame.plaintext.count)
        var out = context.channel.allocator.buffer(capacity: size)
        out.writeWithUnsafeMutableBytes(minimumWritableBytes: size) { target in
            frame.plaintext.withUnsafeBytes { session.sealer.seal(plaintext: $0, isFinal: frame.isFinal, into: target) }
            return size
        }
        guard frame.isFinal else {
            context.write(wrapOutboundOut(out), promise: promise)
            return
        }
        // The owner waits for this before closing the socket, so the `Close`
        // is not dropped with the pending writes; a peer that stops reading
        // cannot hold it up beyond the timeout.
        sentClose = true
        let written = promise ?? context.eventLoop.makePromise()
        written.futureResult.assumeIsolated().whenComplete { _ in self.completeCloseWritten() }
        context.eventLoop.assumeIsolated().scheduleTask(in: TimeAmount(timeout)) { self.completeCloseWritten() }
        context.writeAndFlush(wrapOutboundOut(out), promise: written)
    }

    private func completeCloseWritten() {
        guard !closeWrittenDone else { return }
        closeWrittenDone = true
        closeWritten.succeed()
    }

    private func send(_ bytes: [UInt8], context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
    }

    // MARK: - Failure

    /// Closes the connection for `error` with one log line; later failures
    /// of the same connection are not logged again.
    func fail(_ error: PeerConnectionError) {
        if case .closed = state { return }
        let wasEstablished = if case .open = state { true } else { false }
        state = .closed
        buffer = nil
        endHandshakePhase()
        var line = "closing connection with \(peerAddress)"
        if let peerDevice { line += " (device \(peerDevice))" }
        logger.warning("\(line): \(error)")
        completeCloseWritten()
        if wasEstablished {
            context?.fireErrorCaught(error)
        } else {
            established.fail(error)
        }
        context?.close(promise: nil)
    }

    private func endHandshakePhase() {
        deadline?.cancel()
        deadline = nil
        onHandshakeEnd?()
        onHandshakeEnd = nil
    }
}

extension Optional where Wrapped == SocketAddress {
    /// `host:port` of a peer's address, for log lines.
    var peerDescription: String {
        guard let address = self else { return "unknown address" }
        if let ip = address.ipAddress, let port = address.port { return "\(ip):\(port)" }
        return "\(address)"
    }
}
