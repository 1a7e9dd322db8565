import Foundation
import Glibc
import ShoalTestSupport
import Synchronization
import Testing

@testable import ShoalRuntime

@Suite struct ControlServerTests {
    static let status = DaemonStatus(
        deviceID: "AAAAAAA-BBBBBBB", name: "laptop", listen: "0.0.0.0:22300",
        folders: [
            FolderReport(
                id: "docs", path: "/srv/docs", type: "send-receive", state: .idle, files: 3, bytes: 42, needFiles: 0,
                needBytes: 0, conflicts: 1)
        ],
        peers: [
            PeerReport(
                deviceID: "CCCCCCC-DDDDDDD", name: "desk", connected: true, address: "10.0.0.5:22300",
                bytesReceived: 7, bytesSent: 9)
        ])
    static let discovered = [DiscoveredPeer(deviceID: "EEEEEEE-FFFFFFF", name: "nas", addresses: ["10.0.0.9:22300"])]

    /// The reply a test daemon gives to each request.
    static func reply(to request: ControlRequest) -> ControlReply {
        switch request {
        case .status: ControlReply(status: status)
        case .reload: .ok
        case .discovered: ControlReply(discovered: discovered)
        }
    }

    @Test(arguments: ControlRequest.allCases)
    func eachRequestRoundTrips(_ request: ControlRequest) async throws {
        let directory = try TemporaryDirectory()
        let received = RecordedRequests()
        let server = try await ControlServer.start(
            path: directory.url("control.sock"),
            handler: { request in
                received.append(request)
                return Self.reply(to: request)
            }, logger: CapturedLogs().logger)

        let reply = try ControlClient.send(request, socketPath: server.path)
        #expect(reply == Self.reply(to: request))
        #expect(received.all == [request])
        await server.close()
    }

    @Test func theSocketIsOwnerOnlyAndRemovedOnClose() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.url("control.sock")
        let server = try await ControlServer.start(path: path, handler: Self.reply, logger: CapturedLogs().logger)
        var info = stat()
        #expect(lstat(path, &info) == 0)
        #expect(info.st_mode & S_IFMT == S_IFSOCK)
        #expect(info.st_mode & 0o777 == 0o600)

        await server.close()
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(throws: ControlClientError.daemonNotRunning(socketPath: path)) {
            try ControlClient.send(.status, socketPath: path)
        }
        // The lock went with it: a new daemon can start on the same path.
        let again = try await ControlServer.start(path: path, handler: Self.reply, logger: CapturedLogs().logger)
        #expect(try ControlClient.send(.reload, socketPath: path) == .ok)
        await again.close()
    }

    @Test(arguments: [
        ("not json", "it is not a JSON object"),
        ("{\"command\":\"fly\"}", "unknown command 'fly'"),
        ("{\"verb\":\"status\"}", "it has no \"command\" field"),
        ("{\"command\":7}", "\"command\" must be a string"),
        ("[1,2]", "it is not a JSON object"),
    ])
    func aMalformedLineIsAnsweredWithAnErrorAndTheServerGoesOn(_ line: String, _ reason: String) async throws {
        let directory = try TemporaryDirectory()
        let logs = CapturedLogs()
        let server = try await ControlServer.start(
            path: directory.url("control.sock"), handler: Self.reply, logger: logs.logger)

        let reply = try Self.exchange(Array((line + "\n").utf8), with: server.path)
        let error = try #require(reply.error)
        #expect(error.contains("malformed request: \(reason)"), "\(error)")
        #expect(error.contains("{\"command\":\"status\"}"))
        #expect(reply.status == nil && reply.discovered == nil)
        #expect(logs.lines(containing: "malformed request").count == 1)

        #expect(try ControlClient.send(.status, socketPath: server.path) == Self.reply(to: .status))
        await server.close()
    }

    @Test func anOversizedRequestIsRefused() async throws {
        let directory = try TemporaryDirectory()
        let received = RecordedRequests()
        let server = try await ControlServer.start(
            path: directory.url("control.sock"),
            handler: { request in
                received.append(request)
                return Self.reply(to: request)
            }, logger: CapturedLogs().logger)

        // A valid request padded past the limit, with no newline before it.
        let padded = "{\"command\":\"status\"" + String(repeating: " ", count: 64 * 1024) + "}\n"
        let reply = try Self.exchange(Array(padded.utf8), with: server.path)
        #expect(reply.error?.contains("it is longer than 65536 bytes") == true, "\(reply)")
        #expect(received.all.isEmpty)
        #expect(try ControlClient.send(.reload, socketPath: server.path) == .ok)
        await server.close()
    }

    @Test func aRequestEndedByClosingInsteadOfANewlineIsAnswered() async throws {
        let directory = try TemporaryDirectory()
        let server = try await ControlServer.start(
            path: directory.url("control.sock"), handler: Self.reply, logger: CapturedLogs().logger)
        let reply = try Self.exchange(Array("{\"command\":\"discovered\"}".utf8), with: server.path)
        #expect(reply == Self.reply(to: .discovered))
        await server.close()
    }

    @Test func aClientThatSendsNothingIsCutOffAtTheTimeout() async throws {
        let directory = try TemporaryDirectory()
        var limits = ControlServer.Limits()
        limits.requestTimeout = .milliseconds(100)
        let logs = CapturedLogs()
        let server = try await ControlServer.start(
            path: directory.url("control.sock"), limits: limits, handler: Self.reply, logger: logs.logger)

        let silent = try UnixSocket.connect(to: server.path, timeout: .seconds(10))
        // Returns when the server closes the connection, long before the 10 s deadline.
        #expect(try silent.receiveAll(limit: 1024).isEmpty)
        #expect(logs.lines(containing: "sent no full request within").count == 1)
        #expect(try ControlClient.send(.reload, socketPath: server.path) == .ok)
        await server.close()
    }

    @Test func aMissingSocketMeansTheDaemonIsNotRunning() throws {
        let directory = try TemporaryDirectory()
        let path = directory.url("home/control.sock")
        #expect(throws: ControlClientError.daemonNotRunning(socketPath: path)) {
            try ControlClient.send(.status, socketPath: path)
        }
        let description = ControlClientError.daemonNotRunning(socketPath: path).description
        #expect(description.contains("needs the Shoal daemon, and it is not running for \(directory.url("home"))"))
        #expect(description.contains("`shoal daemon --home \(directory.url("home"))`"))
    }

    @Test func aStaleSocketFileIsReplaced() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.url("control.sock")
        try Self.leaveStaleSocket(at: path)
        #expect(throws: ControlClientError.daemonNotRunning(socketPath: path)) {
            try ControlClient.send(.status, socketPath: path)
        }

        let logs = CapturedLogs()
        let server = try await ControlServer.start(path: path, handler: Self.reply, logger: logs.logger)
        #expect(try ControlClient.send(.status, socketPath: path) == Self.reply(to: .status))
        #expect(logs.lines(containing: "left by a daemon that did not stop cleanly").count == 1)
        await server.close()
    }

    @Test func aSecondServerOnALivePathIsRefused() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.url("control.sock")
        let first = try await ControlServer.start(path: path, handler: Self.reply, logger: CapturedLogs().logger)

        await #expect(throws: ControlServerError.alreadyRunning(socketPath: path, processID: getpid())) {
            _ = try await ControlServer.start(path: path, handler: Self.reply, logger: CapturedLogs().logger)
        }
        let description = ControlServerError.alreadyRunning(socketPath: path, processID: 42).description
        #expect(description.contains("another daemon is running for this home (PID 42, socket \(path))"))
        // The first one still serves.
        #expect(try ControlClient.send(.reload, socketPath: path) == .ok)
        await first.close()
    }

    @Test func aFileThatIsNotASocketIsNotRemoved() async throws {
        let directory = try TemporaryDirectory()
        let path = try directory.write("control.sock", "mine")
        await #expect(throws: ControlServerError.notASocket(socketPath: path)) {
            _ = try await ControlServer.start(path: path, handler: Self.reply, logger: CapturedLogs().logger)
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "mine")
    }

    @Test func aSocketPathLongerThanSunPathIsRefusedClearly() async throws {
        let path = "/tmp/" + String(repeating: "x", count: 120) + "/control.sock"
        #expect(throws: ControlClientError.socketPathTooLong(socketPath: path, limit: 107)) {
            try ControlClient.send(.status, socketPath: path)
        }
        await #expect(throws: ControlServerError.socketPathTooLong(socketPath: path, limit: 107)) {
            _ = try await ControlServer.start(path: path, handler: Self.reply, logger: CapturedLogs().logger)
        }
        #expect(
            ControlClientError.socketPathTooLong(socketPath: path, limit: 107).description.contains(
                "has \(path.utf8.count) bytes, and a Unix socket path may have at most 107; use a shorter --home"))
    }

    // MARK: - Helpers

    /// Sends raw `bytes` (then closes the sending side) and reads the reply line.
    static func exchange(_ bytes: [UInt8], with path: String) throws -> ControlReply {
        let socket = try UnixSocket.connect(to: path, timeout: .seconds(10))
        // The server may refuse and close before taking everything; its reply is read anyway.
        try? socket.send(bytes)
        socket.finishSending()
        let reply = try socket.receiveAll(limit: 1 << 20)
        #expect(reply.last == UInt8(ascii: "\n"))
        #expect(reply.dropLast().contains(UInt8(ascii: "\n")) == false)
        return try JSONDecoder().decode(ControlReply.self, from: Data(reply))
    }

    /// Leaves a socket file at `path` with nothing listening, as a daemon killed with `kill -9` does.
    static func leaveStaleSocket(at path: String) throws {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: path.utf8)
            raw[path.utf8.count] = 0
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(bound == 0)
        try #require(listen(fd, 1) == 0)
    }
}

/// The requests a test handler received.
final class RecordedRequests: Sendable {
    private let requests = Mutex<[ControlRequest]>([])

    var all: [ControlRequest] { requests.withLock { $0 } }

    func append(_ request: ControlRequest) {
        requests.withLock { $0.append(request) }
    }
}
