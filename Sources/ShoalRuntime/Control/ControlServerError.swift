/// Why a `ControlServer` could not start.
public enum ControlServerError: Error, Equatable, CustomStringConvertible {
    /// Another daemon answers on the socket, or holds its lock (while it starts).
    case alreadyRunning(socketPath: String, processID: Int32?)
    /// The socket path is longer than a Unix socket address can hold.
    case socketPathTooLong(socketPath: String, limit: Int)
    /// Something other than a socket is in the way at the socket path.
    case notASocket(socketPath: String)
    /// The lock beside the socket, or the socket itself, could not be made.
    case cannotListen(socketPath: String, reason: String)

    public var description: String {
        switch self {
        case .alreadyRunning(let path, let processID):
            "another daemon is running for this home (\(processID.map { "PID \($0), " } ?? "")socket \(path)); "
                + "stop it first, or give this one another --home"
        case .socketPathTooLong(let path, let limit):
            "cannot listen on \(path): it has \(path.utf8.count) bytes, and a Unix socket path may have at most "
                + "\(limit); use a shorter --home"
        case .notASocket(let path):
            "cannot listen on \(path): a file that is not a socket is in the way; move it away"
        case .cannotListen(let path, let reason):
            "cannot listen on \(path): \(reason)"
        }
    }
}
