import Glibc
import ShoalIndex

/// A connected Unix stream socket for short synchronous exchanges: the
/// control client, and the server's check for a daemon already listening.
///
/// Every call is bounded by the deadline given to `connect`. Blocks the
/// calling thread; one socket is used by one thread at a time.
final class UnixSocket {
    /// The most bytes a socket path may have: `sun_path` less its terminating NUL.
    static let maxPathByteCount = MemoryLayout.size(ofValue: sockaddr_un().sun_path) - 1

    private let descriptor: FileDescriptor
    private let path: String
    private let deadline: ContinuousClock.Instant

    private init(descriptor: FileDescriptor, path: String, deadline: ContinuousClock.Instant) {
        self.descriptor = descriptor
        self.path = path
        self.deadline = deadline
    }

    /// Connects to the socket at `path`; every later call must finish within `timeout` of now.
    ///
    /// The corresponding C functions are `socket` and `connect`.
    ///
    /// - Throws: `UnixSocketError`: `.pathTooLong`, `.timedOut`, or the failed call with its `errno`
    ///   (`ENOENT` or `ECONNREFUSED` when nothing listens there).
    static func connect(to path: String, timeout: Duration) throws(UnixSocketError) -> UnixSocket {
        guard path.utf8.count <= maxPathByteCount else { throw .pathTooLong }
        let deadline = ContinuousClock.now + timeout
        let fd: Int32
        do throws(SystemError) {
            fd = try retryingInterrupts("socket", path: path) {
                Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            }
        } catch {
            throw .system(error)
        }
        let socket = UnixSocket(descriptor: FileDescriptor(fd), path: path, deadline: deadline)
        // Bounds a blocking connect (a full backlog) and send; receive polls.
        var limit = timeval(
            tv_sec: Int(timeout.components.seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))

        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path.utf8)
            raw[path.utf8.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        // A connect interrupted by a signal goes on in the background; it is
        // treated like any other failure, which callers report.
        if result != 0 {
            let code = errno
            if code == EAGAIN || code == EINPROGRESS || code == ETIMEDOUT { throw .timedOut }
            throw .system(SystemError("connect", path: path, code: code))
        }
        return socket
    }

    /// Writes all of `bytes`. A closed peer is an error, never `SIGPIPE`.
    ///
    /// The corresponding C function is `send` with `MSG_NOSIGNAL`.
    ///
    /// - Throws: `UnixSocketError.timedOut`, or the failed `send` with its `errno`.
    func send(_ bytes: [UInt8]) throws(UnixSocketError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(descriptor.rawValue, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                let code = errno
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { throw .timedOut }
                throw .system(SystemError("send", path: path, code: code))
            }
            offset += sent
        }
    }

    /// Tells the peer nothing more will be sent; receiving goes on.
    ///
    /// The corresponding C function is `shutdown` with `SHUT_WR`.
    func finishSending() {
        shutdown(descriptor.rawValue, Int32(SHUT_WR))
    }

    /// Reads until the peer closes the connection, up to `limit` bytes.
    ///
    /// The corresponding C functions are `poll` and `read`.
    ///
    /// - Throws: `UnixSocketError.timedOut` at the deadline, `.tooLarge` past
    ///   `limit`, or the failed call with its `errno`.
    func receiveAll(limit: Int) throws(UnixSocketError) -> [UInt8] {
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            try waitUntilReadable()
            let count = chunk.withUnsafeMutableBytes { read(descriptor.rawValue, $0.baseAddress!, $0.count) }
            if count < 0 {
                let code = errno
                if code == EINTR || code == EAGAIN { continue }
                throw .system(SystemError("read", path: path, code: code))
            }
            if count == 0 { return received }
            received += chunk[..<count]
            if received.count > limit { throw .tooLarge }
        }
    }

    /// The process ID of the peer, from the credentials the kernel recorded
    /// when it listened; `nil` when the kernel does not say.
    ///
    /// The corresponding C function is `getsockopt` with `SO_PEERCRED`.
    var peerProcessID: Int32? {
        var credentials = PeerCredentials()
        var length = socklen_t(MemoryLayout<PeerCredentials>.size)
        guard getsockopt(descriptor.rawValue, SOL_SOCKET, SO_PEERCRED, &credentials, &length) == 0,
            credentials.pid > 0
        else { return nil }
        return credentials.pid
    }

    private func waitUntilReadable() throws(UnixSocketError) {
        while true {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw .timedOut }
            let (seconds, attoseconds) = remaining.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            var entry = pollfd(fd: descriptor.rawValue, events: Int16(POLLIN), revents: 0)
            let ready = poll(&entry, 1, milliseconds)
            if ready > 0 { return }
            if ready < 0 && errno != EINTR { throw .system(SystemError("poll", path: path)) }
        }
    }
}

/// `struct ucred` from `<sys/socket.h>`, which Glibc's Swift module leaves
/// out (it needs `_GNU_SOURCE`): the same three 32-bit fields.
private struct PeerCredentials {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}

/// Why an exchange over a `UnixSocket` failed.
enum UnixSocketError: Error {
    /// The path does not fit `sun_path`.
    case pathTooLong
    /// The deadline passed.
    case timedOut
    /// The peer sent more than the limit.
    case tooLarge
    /// A system call failed.
    case system(SystemError)
}
