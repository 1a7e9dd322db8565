import Logging
import ShoalCrypto
import ShoalModel
import ShoalProtocol
import ShoalRuntime
import Synchronization

/// Identities and settings shared by the transport tests.
enum Devices {
    static let alice = try! DeviceIdentity(seed: [UInt8](repeating: 1, count: 32))
    static let bob = try! DeviceIdentity(seed: [UInt8](repeating: 2, count: 32))
    static let mallory = try! DeviceIdentity(seed: [UInt8](repeating: 3, count: 32))

    static func hello(_ name: String) -> Hello {
        Hello(deviceName: name, client: "shoal-test", protocolVersions: Hello.supportedVersions, capabilities: [.lz4])
    }

    static func configuration(
        _ identity: DeviceIdentity, logs: CapturedLogs, handshakeTimeout: Duration = .seconds(10),
        maxUnauthenticated: Int = 64
    ) -> TransportConfiguration {
        TransportConfiguration(
            identity: identity, hello: hello("\(identity.deviceID.shortID)"), handshakeTimeout: handshakeTimeout,
            maxUnauthenticatedConnections: maxUnauthenticated, logger: logs.logger)
    }
}

/// What one accepted connection delivered before it ended.
struct SessionRecord: Sendable {
    var peer: DeviceID
    var messages: [Message] = []
    var error: String?
}

/// Bob's node on a real loopback port: accepts Alice, answers pings and
/// block requests from `blocks`, and records each session.
final class LoopbackNode: Sendable {
    let listener: PeerListener
    let logs: CapturedLogs
    private let store: SessionStore
    private let runTask: Task<Void, any Error>

    var port: Int { listener.port }

    private init(listener: PeerListener, logs: CapturedLogs, store: SessionStore, runTask: Task<Void, any Error>) {
        self.listener = listener
        self.logs = logs
        self.store = store
        self.runTask = runTask
    }

    /// Starts the node; `onConnection`, when given, replaces the default behaviour.
    static func start(
        handshakeTimeout: Duration = .seconds(10), maxUnauthenticated: Int = 64, blocks: [ContentHash: [UInt8]] = [:],
        onConnection: (@Sendable (PeerConnection, CapturedLogs) async -> Void)? = nil
    ) async throws -> LoopbackNode {
        let logs = CapturedLogs()
        let configuration = Devices.configuration(
            Devices.bob, logs: logs, handshakeTimeout: handshakeTimeout, maxUnauthenticated: maxUnauthenticated)
        let listener = try await PeerListener.bind(
            host: "127.0.0.1", port: 0, trustedPeers: [Devices.alice.deviceID], configuration: configuration)
        let sessions = SessionStore()
        let runTask = Task {
            try await listener.run { connection in
                if let onConnection {
                    await onConnection(connection, logs)
                } else {
                    await sessions.serve(connection, blocks: blocks)
                }
            }
        }
        return LoopbackNode(listener: listener, logs: logs, store: sessions, runTask: runTask)
    }

    /// Sessions recorded so far.
    var recorded: [SessionRecord] { store.all }

    /// Waits until a session has ended, up to `timeout`.
    func waitForEndedSession(timeout: Duration = .seconds(10)) async -> SessionRecord? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let ended = store.ended.first { return ended }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    /// Stops accepting and ends the run loop.
    func stop() async {
        await listener.close()
        runTask.cancel()
        _ = try? await runTask.value
    }

    /// Connects as Alice and checks a full session works: ping answered,
    /// a block served. Proves the node still serves after bad input.
    func checkStillServes(timeout: Duration = .seconds(20)) async throws -> Bool {
        let port = self.port
        return try await withDeadline(timeout) { try await Self.pingPong(port: port) }
    }

    private static func pingPong(port: Int) async throws -> Bool {
        let logs = CapturedLogs()
        return try await PeerConnector.connect(
            host: "127.0.0.1", port: port, expecting: Devices.bob.deviceID, configuration: Devices.configuration(Devices.alice, logs: logs)
        ) { connection in
            try await connection.outbound.send(.ping)
            for try await message in connection.inbound {
                if message == .ping {
                    await connection.outbound.close(reason: "done")
                    return true
                }
            }
            return false
        }
    }
}

/// The sessions a node served.
final class SessionStore: Sendable {
    private let records = Mutex<[(record: SessionRecord, ended: Bool)]>([])

    var all: [SessionRecord] { records.withLock { $0.map(\.record) } }
    var ended: [SessionRecord] { records.withLock { $0.filter(\.ended).map(\.record) } }

    func serve(_ connection: PeerConnection, blocks: [ContentHash: [UInt8]]) async {
        let index = records.withLock { state in
            state.append((SessionRecord(peer: connection.peer), false))
            return state.count - 1
        }
        do {
            for try await message in connection.inbound {
                records.withLock { $0[index].record.messages.append(message) }
                switch message {
                case .ping:
                    try await connection.outbound.send(.ping)
                case .request(let request):
                    let data = blocks[request.hash]
                    try await connection.outbound.send(
                        .response(BlockResponse(id: request.id, result: data.map { .success($0) } ?? .failure(.notFound))))
                default:
                    break
                }
            }
        } catch {
            records.withLock { $0[index].record.error = "\(error)" }
        }
        records.withLock { $0[index].ended = true }
    }
}

/// Runs `operation`, cancelling it and throwing `DeadlineExceeded` if it
/// has not finished within `timeout`.
func withDeadline<T: Sendable>(_ timeout: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: timeout)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw DeadlineExceeded(timeout: timeout) }
        return value
    }
}

/// An operation did not finish in time.
struct DeadlineExceeded: Error, CustomStringConvertible {
    let timeout: Duration
    var description: String { "did not finish within \(timeout)" }
}
