import Foundation

/// Asks a running daemon one `ControlRequest` over its control socket and
/// returns its reply: the CLI's side of the control protocol.
///
/// Synchronous: every call blocks the calling thread until the reply, a
/// failure or the timeout. From async code, call it off Swift concurrency's
/// shared threads, which the daemon's side may need to answer.
public enum ControlClient {
    /// How long an exchange may take unless told otherwise.
    public static let defaultTimeout: Duration = .seconds(10)
    /// The largest reply accepted.
    static let maxReplyByteCount = 16 << 20

    /// Sends `request` to the daemon listening on `socketPath` and waits for its reply.
    ///
    /// A reply whose `error` is set is returned, not thrown: the daemon
    /// answered, and the caller decides what its refusal means.
    ///
    /// - Throws: `ControlClientError.daemonNotRunning` when nothing listens
    ///   there; otherwise the error says what failed (the path is too long,
    ///   the daemon did not answer in time, its reply is not one) and why.
    public static func send(
        _ request: ControlRequest, socketPath: String, timeout: Duration = defaultTimeout
    ) throws(ControlClientError) -> ControlReply {
        let received: [UInt8]
        do {
            let socket = try UnixSocket.connect(to: socketPath, timeout: timeout)
            try socket.send(Array(requestLine(request)))
            socket.finishSending()
            received = try socket.receiveAll(limit: maxReplyByteCount)
        } catch {
            throw ControlClientError(error, socketPath: socketPath, timeout: timeout)
        }
        guard !received.isEmpty else { throw .closedWithoutReply(socketPath: socketPath) }
        do {
            return try JSONDecoder().decode(ControlReply.self, from: Data(received))
        } catch {
            let shown = String(decoding: received.prefix(200), as: UTF8.self)
            throw .malformedReply(socketPath: socketPath, reason: "'\(shown)' is not a control reply: \(error)")
        }
    }

    /// `request` as it goes on the wire: one JSON object and a newline.
    static func requestLine(_ request: ControlRequest) -> Data {
        // Encoding a one-field enum cannot fail.
        var line = try! JSONEncoder().encode(request)
        line.append(UInt8(ascii: "\n"))
        return line
    }
}
