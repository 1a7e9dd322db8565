import Glibc
public import Logging
import NIOCore
import NIOPosix
import ShoalIndex
import Synchronization

/// The daemon's side of the control socket: a Unix socket, owner-only, on
/// which the CLI sends one `ControlRequest` line and gets one `ControlReply`
/// line back.
///
/// Only one server owns a socket path at a time (a lock beside it says
/// who); a socket file left by a daemon that was killed is replaced. The
/// handler runs on the server's own thread, not on Swift concurrency's
/// shared ones, so requests are answered while those are busy. Safe to use
/// from any task.
public final class ControlServer: Sendable {
    /// Answers one request; its reply's `error` says why it could not.
    public typealias Handler = @Sendable (ControlRequest) async -> ControlReply

    /// Bounds on what a client may send.
    public struct Limits: Sendable {
        /// The longest request line; a longer one is refused with an error reply.
        public var maxRequestByteCount = 64 * 1024
        /// How long a client may take to send its request line.
        public var requestTimeout: Duration = .seconds(5)

        /// The defaults.
        public init() {}
    }

    /// The socket's path.
    public let path: String
    private let channel: any Channel
    private let connections: OpenConnections
    private let lock: ControlSocketLock
    private let socketInode: UInt64
    private let isClosed = Mutex(false)

    /// The thread every control connection and handler runs on, for the
    /// life of the process (a static, so the group is never shut down or freed).
    private static let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    private init(
        path: String, channel: any Channel, connections: OpenConnections, lock: ControlSocketLock, socketInode: UInt64
    ) {
        self.path = path
        self.channel = channel
        self.connections = connections
        self.lock = lock
        self.socketInode = socketInode
    }

    /// Listens on `path` (mode 0600) and answers each request with `handler`.
    ///
    /// A socket file already at `path` is removed when nothing answers on it
    /// (left by a daemon that was killed).
    ///
    /// - Throws: `ControlServerError.alreadyRunning` when another server
    ///   answers there or holds its lock; otherwise what is in the way and why.
    public static func start(
        path: String, limits: Limits = Limits(), handler: @escaping Handler, logger: Logger
    ) async throws(ControlServerError) -> ControlServer {
        guard path.utf8.count <= UnixSocket.maxPathByteCount else {
            throw .socketPathTooLong(socketPath: path, limit: UnixSocket.maxPathByteCount)
        }
        let lock: ControlSocketLock
        do {
            guard let acquired = try ControlSocketLock.acquire(path + ".lock") else {
                throw ControlServerError.alreadyRunning(socketPath: path, processID: listeningProcess(path))
            }
            lock = acquired
        } catch let error as ControlServerError {
            throw error
        } catch {
            throw .cannotListen(socketPath: path, reason: "\(error)")
        }
        try removeStaleSocket(path, logger: logger)

        let eventLoop = group.next()
        let connections = OpenConnections()
        let executor = EventLoopTaskExecutor(eventLoop)
        let channel: any Channel
        do {
            channel = try await ServerBootstrap(group: eventLoop)
                .serverChannelOption(.backlog, value: 64)
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .childChannelInitializer { child in
                    connections.insert(child)
                    return child.eventLoop.makeCompletedFuture {
                        let connection = ControlConnectionHandler(
                            limits: limits, handler: handler, executor: executor, logger: logger)
                        try child.pipeline.syncOperations.addHandler(connection)
                    }
                }
                .bind(unixDomainSocketPath: path)
                .get()
        } catch {
            throw .cannotListen(socketPath: path, reason: "\(error)")
        }
        // The home directory is already owner-only; this keeps the socket so
        // wherever it is put.
        var info = stat()
        guard chmod(path, 0o600) == 0, lstat(path, &info) == 0 else {
            let reason = SystemError("chmod", path: path).reason
            try? await channel.close()
            unlink(path)
            throw .cannotListen(socketPath: path, reason: "cannot make it owner-only: \(reason)")
        }
        logger.debug("control socket: listening on \(path)")
        return ControlServer(
            path: path, channel: channel, connections: connections, lock: lock, socketInode: UInt64(info.st_ino))
    }

    /// Stops listening, cuts off connections still open (their clients get
    /// no reply), and removes the socket file. Calling it again does nothing.
    public func close() async {
        guard isClosed.withLock({ closed in defer { closed = true }; return !closed }) else { return }
        try? await channel.close()
        for connection in connections.all {
            try? await connection.close()
        }
        var info = stat()
        if lstat(path, &info) == 0, UInt64(info.st_ino) == socketInode {
            unlink(path)
        }
        lock.release()
    }

    // MARK: - Before listening

    /// Removes a socket file at `path` that nothing answers on.
    private static func removeStaleSocket(_ path: String, logger: Logger) throws(ControlServerError) {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw .cannotListen(socketPath: path, reason: SystemError("lstat", path: path).reason)
        }
        guard info.st_mode & S_IFMT == S_IFSOCK else { throw .notASocket(socketPath: path) }
        do {
            let socket = try UnixSocket.connect(to: path, timeout: .seconds(2))
            throw ControlServerError.alreadyRunning(socketPath: path, processID: socket.peerProcessID)
        } catch let error as ControlServerError {
            throw error
        } catch UnixSocketError.system(let failure) where failure.code == ECONNREFUSED {
            logger.info("control socket: removed \(path), left by a daemon that did not stop cleanly")
            unlink(path)
        } catch {
            throw .cannotListen(socketPath: path, reason: "a socket is there and checking it failed: \(error)")
        }
    }

    /// The process listening on `path`, when one answers and the kernel says who.
    private static func listeningProcess(_ path: String) -> Int32? {
        (try? UnixSocket.connect(to: path, timeout: .seconds(2)))?.peerProcessID
    }
}

/// The control connections open now, to cut off when the server closes.
private final class OpenConnections: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    var all: [any Channel] { channels.withLock { Array($0.values) } }

    func insert(_ channel: any Channel) {
        let key = ObjectIdentifier(channel)
        channels.withLock { $0[key] = channel }
        channel.closeFuture.whenComplete { _ in
            _ = self.channels.withLock { $0.removeValue(forKey: key) }
        }
    }
}
