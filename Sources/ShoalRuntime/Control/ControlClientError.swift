import Foundation
import Glibc
import ShoalIndex

/// Why `ControlClient` got no answer from the daemon.
public enum ControlClientError: Error, Equatable, CustomStringConvertible {
    /// Nothing listens on the socket (it is missing, or left over by a daemon
    /// that was killed): the daemon is not running for that home.
    case daemonNotRunning(socketPath: String)
    /// The socket path is longer than a Unix socket address can hold.
    case socketPathTooLong(socketPath: String, limit: Int)
    /// Connecting failed for another reason (e.g. permission denied).
    case cannotConnect(socketPath: String, reason: String)
    /// The daemon did not answer within the timeout.
    case timedOut(socketPath: String, timeout: Duration)
    /// Sending the request or reading the reply failed.
    case exchangeFailed(socketPath: String, reason: String)
    /// The daemon closed the connection without a reply.
    case closedWithoutReply(socketPath: String)
    /// What came back is not a `ControlReply`.
    case malformedReply(socketPath: String, reason: String)

    /// The socket the exchange was with.
    public var socketPath: String {
        switch self {
        case .daemonNotRunning(let path), .socketPathTooLong(let path, _), .cannotConnect(let path, _),
            .timedOut(let path, _), .exchangeFailed(let path, _), .closedWithoutReply(let path),
            .malformedReply(let path, _):
            path
        }
    }

    /// The Shoal home the socket belongs to: its directory.
    public var homePath: String { (socketPath as NSString).deletingLastPathComponent }

    public var description: String {
        switch self {
        case .daemonNotRunning:
            "this needs the Shoal daemon, and it is not running for \(homePath) (nothing listens on "
                + "\(socketPath)); start it with `shoal daemon --home \(homePath)`"
        case .socketPathTooLong(let path, let limit):
            "cannot reach the daemon: the control socket path \(path) has \(path.utf8.count) bytes, and a Unix "
                + "socket path may have at most \(limit); use a shorter --home"
        case .cannotConnect(let path, let reason):
            "cannot reach the daemon at \(path): \(reason)"
        case .timedOut(let path, let timeout):
            "the daemon at \(path) did not answer within \(timeout); it may be stuck — its log says more"
        case .exchangeFailed(let path, let reason):
            "the exchange with the daemon at \(path) failed: \(reason)"
        case .closedWithoutReply(let path):
            "the daemon at \(path) closed the connection without answering (it may be stopping)"
        case .malformedReply(let path, let reason):
            "the daemon at \(path) sent a malformed reply: \(reason)"
        }
    }

    /// Classifies a socket failure.
    init(_ error: UnixSocketError, socketPath: String, timeout: Duration) {
        switch error {
        case .pathTooLong:
            self = .socketPathTooLong(socketPath: socketPath, limit: UnixSocket.maxPathByteCount)
        case .timedOut:
            self = .timedOut(socketPath: socketPath, timeout: timeout)
        case .tooLarge:
            self = .malformedReply(
                socketPath: socketPath, reason: "it is larger than \(ControlClient.maxReplyByteCount) bytes")
        case .system(let failure) where failure.operation == "connect":
            switch failure.code {
            case ENOENT, ECONNREFUSED:
                self = .daemonNotRunning(socketPath: socketPath)
            case EACCES, EPERM:
                self = .cannotConnect(
                    socketPath: socketPath,
                    reason: "\(failure.reason) (the socket is owner-only: run this as the user that runs the daemon)")
            default:
                self = .cannotConnect(socketPath: socketPath, reason: failure.reason)
            }
        case .system(let failure):
            self = .exchangeFailed(socketPath: socketPath, reason: failure.description)
        }
    }
}
