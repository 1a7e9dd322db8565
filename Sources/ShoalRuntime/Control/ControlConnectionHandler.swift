import Foundation
import Logging
import NIOCore

/// Serves one control connection: reads one request line, hands it to the
/// server's handler, writes its reply line and closes.
///
/// A line over the size limit, or one that is not a request, is answered
/// with an error reply; a client that sends no full line in time is cut off.
/// Runs on the connection's event loop.
final class ControlConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private enum State {
        case reading
        case answering
    }

    private let limits: ControlServer.Limits
    private let handler: ControlServer.Handler
    private let executor: EventLoopTaskExecutor
    private let logger: Logger
    private var state = State.reading
    private var received: ByteBuffer?
    private var timeout: Scheduled<Void>?

    init(
        limits: ControlServer.Limits, handler: @escaping ControlServer.Handler, executor: EventLoopTaskExecutor,
        logger: Logger
    ) {
        self.limits = limits
        self.handler = handler
        self.executor = executor
        self.logger = logger
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        let (logger, limit) = (logger, limits.requestTimeout)
        timeout = context.eventLoop.scheduleTask(in: TimeAmount(limit)) {
            logger.warning("control socket: a client sent no full request within \(limit); closed its connection")
            channel.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timeout?.cancel()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .reading = state else { return }
        var chunk = unwrapInboundIn(data)
        received.setOrWriteBuffer(&chunk)
        guard let buffer = received else { return }
        if let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - buffer.readerIndex
            guard length <= limits.maxRequestByteCount else { return refuseOversized(context) }
            answer(Array(buffer.readableBytesView[buffer.readerIndex..<newline]), context: context)
        } else if buffer.readableBytes > limits.maxRequestByteCount {
            refuseOversized(context)
        }
    }

    /// The client closed its side: what it sent, even without a newline, is its request.
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case .inputClosed = event as? ChannelEvent else {
            return context.fireUserInboundEventTriggered(event)
        }
        guard case .reading = state else { return }
        if let received, received.readableBytes > 0 {
            answer(Array(received.readableBytesView), context: context)
        } else {
            // A connection that only checks whether a daemon listens.
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("control socket: connection failed: \(error)")
        context.close(promise: nil)
    }

    // MARK: - Answering

    private func answer(_ line: [UInt8], context: ChannelHandlerContext) {
        state = .answering
        timeout?.cancel()
        received = nil
        let request: ControlRequest
        do {
            request = try ControlRequest(line: line)
        } catch {
            logger.warning("control socket: \(error)")
            return Self.reply(ControlReply(error: error.description), on: context.channel)
        }
        logger.debug("control socket: \(request.rawValue)")
        let promise = context.eventLoop.makePromise(of: ControlReply.self)
        let handler = self.handler
        Task(executorPreference: executor) {
            promise.succeed(await handler(request))
        }
        let channel = context.channel
        promise.futureResult.whenSuccess { reply in Self.reply(reply, on: channel) }
    }

    private func refuseOversized(_ context: ChannelHandlerContext) {
        state = .answering
        timeout?.cancel()
        received = nil
        let limit = limits.maxRequestByteCount
        logger.warning("control socket: refused a request longer than \(limit) bytes")
        let error = MalformedControlRequest(reason: "it is longer than \(limit) bytes")
        Self.reply(ControlReply(error: error.description), on: context.channel)
    }

    /// Writes `reply` as one line, then closes the connection.
    private static func reply(_ reply: ControlReply, on channel: any Channel) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let line: Data
        do {
            line = try encoder.encode(reply) + Data([UInt8(ascii: "\n")])
        } catch {
            line = Data("{\"error\":\"the daemon could not encode its reply\"}\n".utf8)
        }
        channel.writeAndFlush(channel.allocator.buffer(bytes: line)).whenComplete { _ in
            channel.close(promise: nil)
        }
    }
}
