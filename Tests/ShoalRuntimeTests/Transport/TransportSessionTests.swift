import ShoalCrypto
import ShoalModel
import ShoalProtocol
import ShoalRuntime
import ShoalTestSupport
import Synchronization
import Testing

/// Two nodes over real loopback TCP: the handshake, every message, and
/// backpressure.
@Suite struct TransportSessionTests {
    @Test func trustedPeersExchangeEveryKindOfMessage() async throws {
        let block = Array(repeating: Array("compressible block content\n".utf8), count: 2000).flatMap { $0 }
        let hash = ContentHash.of(block)
        let node = try await LoopbackNode.start(blocks: [hash: block])
        let logs = CapturedLogs()
        let folder = try FolderID("docs")
        let record = FileRecord(
            folder: folder, path: try RelativePath("a/b.txt"), kind: .file, size: Int64(block.count), permissions: 0o644,
            modifiedNanoseconds: 5, version: VersionVector([.init(device: Devices.alice.deviceID, counter: 1)]),
            blocks: [BlockRef(hash: hash, size: block.count)], sequence: 1, modifiedBy: Devices.alice.deviceID)
        let batch = try IndexBatch(folder: folder, authorKey: Devices.alice.publicKey, after: 0, through: 1, records: [record])
            .signed(by: Devices.alice)
        let sent: [Message] = [
            .clusterConfig(ClusterConfig(folders: [SharedFolder(folder: folder, indexProgress: [])])),
            .indexBatch(batch),
            .progress(Progress(folder: folder, files: [])),
        ]

        let received = try await PeerConnector.connect(
            host: "127.0.0.1", port: node.port, expecting: Devices.bob.deviceID,
            configuration: Devices.configuration(Devices.alice, logs: logs)
        ) { connection in
            #expect(connection.peer == Devices.bob.deviceID)
            #expect(connection.protocolVersion == 1)
            #expect(connection.peerHello.deviceName == Devices.bob.deviceID.shortID)
            for message in sent { try await connection.outbound.send(message) }
            try await connection.outbound.send(.request(BlockRequest(id: 1, folder: folder, hash: hash, size: UInt32(block.count))))
            try await connection.outbound.send(.request(BlockRequest(id: 2, folder: folder, hash: ContentHash.of([1]), size: 1)))
            var responses: [BlockResponse] = []
            for try await message in connection.inbound {
                if case .response(let response) = message { responses.append(response) }
                if responses.count == 2 { break }
            }
            await connection.outbound.close(reason: "test finished")
            return responses
        }
        #expect(received.map(\.id) == [1, 2])
        #expect(received[0].result == .success(block))
        #expect(received[1].result == .failure(.notFound))

        let session = try #require(await node.waitForEndedSession())
        #expect(session.peer == Devices.alice.deviceID)
        #expect(session.error == nil)
        #expect(Array(session.messages.prefix(3)) == sent)
        #expect(session.messages.last == .close(Close(reason: "test finished")))
        #expect(node.logs.lines(containing: "closing").isEmpty)
        await node.stop()
    }

    @Test func fastWriterWaitsForSlowReader() async throws {
        // Bob reads nothing until told; Alice sends 1 MiB responses to his
        // requests. Without backpressure all 200 MiB would be queued.
        // Random data, so LZ4 cannot shrink it.
        var random = SplitMix64(seed: 9)
        let block = random.bytes(1 << 20)
        let hash = ContentHash.of(block)
        let gate = Gate()
        let node = try await LoopbackNode.start { connection, _ in
            for id in 0..<200 {
                try? await connection.outbound.send(
                    .request(BlockRequest(id: UInt32(id), folder: try! FolderID("f"), hash: hash, size: 1 << 20)))
            }
            await gate.wait()
            var count = 0
            do {
                for try await message in connection.inbound {
                    if case .response = message { count += 1 }
                    if count == 200 { break }
                }
            } catch {}
            await gate.report(count)
        }
        let logs = CapturedLogs()
        var configuration = Devices.configuration(Devices.alice, logs: logs)
        configuration.outboundBufferBytes = 1 << 20
        let written = try await PeerConnector.connect(
            host: "127.0.0.1", port: node.port, expecting: Devices.bob.deviceID, configuration: configuration
        ) { connection in
            let progress = Counter()
            // The writer must stall well before 200 MiB while Bob does not read.
            let monitor = Task {
                let stalledAt = await progress.waitUntilStable(for: .milliseconds(500), timeout: .seconds(30))
                await gate.open()
                return stalledAt
            }
            var requests = 0
            for try await message in connection.inbound {
                guard case .request(let request) = message else { continue }
                try await connection.outbound.send(.response(BlockResponse(id: request.id, result: .success(block))))
                requests += 1
                progress.set(requests)
                if requests == 200 { break }
            }
            let stalledAt = await monitor.value
            // Stay connected until Bob has read everything.
            #expect(await gate.result(timeout: .seconds(60)) == 200)
            await connection.outbound.close(reason: "done")
            return stalledAt
        }
        #expect(written < 64, "the writer queued \(written) MiB for a peer that read nothing")
        await node.stop()
    }
}

/// Lets a test hold a peer back until it says so, and collect one number.
actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var reported: Int?

    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    func open() {
        isOpen = true
        waiters.forEach { $0.resume() }
        waiters = []
    }

    func report(_ value: Int) { reported = value }

    func result(timeout: Duration) async -> Int? {
        let deadline = ContinuousClock.now + timeout
        while reported == nil && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
        return reported
    }
}

/// A number one task updates and another watches.
final class Counter: Sendable {
    private let value = Mutex<Int>(0)

    func set(_ new: Int) { value.withLock { $0 = new } }

    var current: Int { value.withLock { $0 } }

    /// Waits until the value has not changed for `quiet` (and is above
    /// zero), up to `timeout`; returns it.
    func waitUntilStable(for quiet: Duration, timeout: Duration) async -> Int {
        let deadline = ContinuousClock.now + timeout
        var last = current
        var since = ContinuousClock.now
        while ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
            let now = current
            if now != last || now == 0 {
                last = now
                since = ContinuousClock.now
            } else if ContinuousClock.now - since >= quiet {
                return now
            }
        }
        return current
    }
}
