import Glibc
import ShoalCrypto
import ShoalModel
import ShoalProtocol
import ShoalRuntime
import ShoalTestSupport
import Testing

/// Each hostile input over real loopback TCP closes only its connection,
/// with one log line naming the peer's address and the reason, and the
/// node goes on serving a well-behaved peer.
@Suite struct TransportBadInputTests {
    /// Checks the outcome every bad input must have.
    func expectOnlyThatConnectionClosed(
        _ node: LoopbackNode, _ peer: RawPeer, reason: String, serverSentNothing: Bool = false,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let line = await node.logs.waitForLine(containing: peer.address, reason)
        #expect(line != nil, "no log line with \(peer.address) and '\(reason)' in \(node.logs.all)", sourceLocation: sourceLocation)
        let bytes = await peer.bytesUntilClosed()
        #expect(bytes != nil, "the server did not close the connection", sourceLocation: sourceLocation)
        if serverSentNothing { #expect(bytes == 0, sourceLocation: sourceLocation) }
        #expect(node.logs.lines(containing: peer.address).count == 1, "\(node.logs.all)", sourceLocation: sourceLocation)
        #expect(try await node.checkStillServes(), sourceLocation: sourceLocation)
    }

    /// A raw peer that has finished the handshake and `Hello` as Alice.
    func establishedPeer(_ node: LoopbackNode) async throws -> RawPeer {
        let peer = try RawPeer(port: node.port)
        try await peer.handshake(as: Devices.alice, expecting: Devices.bob.deviceID)
        _ = try await peer.exchangeHello(Devices.hello("raw"))
        return peer
    }

    /// Seals `plaintext` (any bytes) as the next frame of `peer`'s stream.
    func frame(_ peer: RawPeer, plaintext: [UInt8]) -> [UInt8] {
        var frame = [UInt8](repeating: 0, count: FrameSealer.frameSize(plaintextCount: plaintext.count))
        plaintext.withUnsafeBytes { plain in
            frame.withUnsafeMutableBytes { peer.session!.sealer.seal(plaintext: plain, isFinal: false, into: $0) }
        }
        return frame
    }

    // MARK: - Handshake

    @Test func randomBytesInsteadOfAHandshake() async throws {
        let node = try await LoopbackNode.start()
        let peer = try RawPeer(port: node.port)
        var random = SplitMix64(seed: 77)
        try peer.send(random.bytes(200))
        try await expectOnlyThatConnectionClosed(node, peer, reason: "not a Shoal handshake", serverSentNothing: true)
        await node.stop()
    }

    @Test func validHandshakeFromAnUntrustedDevice() async throws {
        let node = try await LoopbackNode.start()
        let peer = try RawPeer(port: node.port)
        var handshake = Handshake(
            role: .initiator, identity: Devices.mallory, trustedPeers: [Devices.bob.deviceID], ephemeral: .generate())
        try peer.send(handshake.start())
        try await expectOnlyThatConnectionClosed(
            node, peer, reason: "device \(Devices.mallory.deviceID) is not trusted", serverSentNothing: true)
        await node.stop()
    }

    @Test func untrustedDeviceUsingTheRealConnectorIsRefused() async throws {
        let node = try await LoopbackNode.start()
        let logs = CapturedLogs()
        await #expect(throws: PeerConnectionError.self) {
            try await PeerConnector.connect(
                host: "127.0.0.1", port: node.port, expecting: Devices.bob.deviceID,
                configuration: Devices.configuration(Devices.mallory, logs: logs)
            ) { _ in }
        }
        #expect(await node.logs.waitForLine(containing: "is not trusted") != nil)
        #expect(try await node.checkStillServes())
        await node.stop()
    }

    @Test func badTranscriptSignature() async throws {
        let node = try await LoopbackNode.start()
        let peer = try RawPeer(port: node.port)
        await #expect(throws: RawPeerError.self) {
            try await peer.handshake(as: Devices.alice, expecting: Devices.bob.deviceID, corruptSignature: true)
        }
        try await expectOnlyThatConnectionClosed(node, peer, reason: "signature of device \(Devices.alice.deviceID) does not verify")
        await node.stop()
    }

    @Test func handshakeThatDoesNotFinishInTime() async throws {
        let node = try await LoopbackNode.start(handshakeTimeout: .milliseconds(300))
        let peer = try RawPeer(port: node.port)
        try peer.send(Array("SHOAL".utf8))  // a start, then nothing
        try await expectOnlyThatConnectionClosed(node, peer, reason: "did not finish within", serverSentNothing: true)
        await node.stop()
    }

    // MARK: - Frames

    @Test func tamperedFrame() async throws {
        let node = try await LoopbackNode.start()
        let peer = try await establishedPeer(node)
        var bad = try peer.session!.sealer.seal(.ping)
        bad[6] ^= 0x01
        try peer.send(bad)
        try await expectOnlyThatConnectionClosed(node, peer, reason: "failed authentication")
        await node.stop()
    }

    @Test func truncatedFrame() async throws {
        let node = try await LoopbackNode.start()
        let peer = try await establishedPeer(node)
        let whole = try peer.session!.sealer.seal(.clusterConfig(ClusterConfig(folders: [])))
        try peer.send(Array(whole.prefix(whole.count - 3)))
        shutdown(peer.descriptor, Int32(SHUT_WR))
        try await expectOnlyThatConnectionClosed(node, peer, reason: "without a Close message")
        await node.stop()
    }

    @Test func reorderedFrames() async throws {
        let node = try await LoopbackNode.start()
        let peer = try await establishedPeer(node)
        let first = try peer.session!.sealer.seal(.ping)
        let second = try peer.session!.sealer.seal(.ping)
        try peer.send(second + first)
        try await expectOnlyThatConnectionClosed(node, peer, reason: "failed authentication")
        await node.stop()
    }

    @Test func replayedFrame() async throws {
        let node = try await LoopbackNode.start()
        let peer = try await establishedPeer(node)
        let ping = try peer.session!.sealer.seal(.ping)
        try peer.send(ping)
        #expect(try await peer.receiveMessage() == .ping)  // the original is answered
        try peer.send(ping)
        try await expectOnlyThatConnectionClosed(node, peer, reason: "failed authentication")
        await node.stop()
    }

    @Test func fourGibibyteLengthPrefix() async throws {
        let node = try await LoopbackNode.start()
        let peer = try await establishedPeer(node)
        try peer.send([0xff, 0xff, 0xff, 0xff])
        try await expectOnlyThatConnectionClosed(node, peer, reason: "length prefix 4294967295 is over the limit")
        await node.stop()
    }

    // MARK: - Messages

    static var batch: IndexBatch {
        let folder = try! FolderID("docs")
        let record = FileRecord(
            folder: folder, path: try! RelativePath("a.txt"), kind: .file, size: 0, permissions: 0o644,
            modifiedNanoseconds: 0, version: VersionVector([.init(device: Devices.alice.deviceID, counter: 1)]),
            sequence: 1, modifiedBy: Devices.alice.deviceID)
        return IndexBatch(folder: folder, authorKey: Devices.alice.publicKey, after: 0, through: 1, records: [record])
    }

    @Test func indexBatchWhoseSignatureDoesNotVerify() async throws {
        let node = try await LoopbackNode.start()
        let peer = try await establishedPeer(node)
        var forged = try Self.batch.signed(by: Devices.alice)
        forged.records[0].size = 1_000_000  // changed after signing
        try peer.send(try peer.session!.sealer.seal(.indexBatch(forged)))
        try await expectOnlyThatConnectionClosed(node, peer, reason: "signature that does not verify")
        await node.stop()
    }

    @Test func indexBatchWhoseAuthorIsNotWhoItClaims() async throws {
        let node = try await LoopbackNode.start()
        let peer = try await establishedPeer(node)
        // Signed by Mallory with her key, but naming Alice as the author.
        var bytes = try MessageCodec().encode(.indexBatch(try Self.batch.signed(by: Devices.mallory)))
        let author = try #require(bytes.firstRange(of: Devices.mallory.deviceID.rawBytes))
        bytes.replaceSubrange(author, with: Devices.alice.deviceID.rawBytes)
        try peer.send(frame(peer, plaintext: bytes))
        try await expectOnlyThatConnectionClosed(node, peer, reason: "not to the claimed author \(Devices.alice.deviceID)")
        await node.stop()
    }

    @Test(arguments: [
        ("../ab", "'..' components are not allowed"),
        ("/a.tx", "is absolute"),
        ("a\0txt", "contains a NUL byte"),
        ("a\u{FF}", "is not valid UTF-8"),
    ])
    func hostilePath(_ path: String, _ reason: String) async throws {
        let node = try await LoopbackNode.start()
        let peer = try await establishedPeer(node)
        var bytes = try MessageCodec().encode(.indexBatch(try Self.batch.signed(by: Devices.alice)))
        let original = try #require(bytes.firstRange(of: Array("a.txt".utf8)))
        // "a\u{FF}" stands for the invalid bytes 61 FF 74 78 74.
        let replacement: [UInt8] = path == "a\u{FF}" ? [0x61, 0xff, 0x74, 0x78, 0x74] : Array(path.utf8)
        bytes.replaceSubrange(original, with: replacement)
        try peer.send(frame(peer, plaintext: bytes))
        try await expectOnlyThatConnectionClosed(node, peer, reason: reason)
        await node.stop()
    }

    @Test func responseWhoseDataDoesNotHashToTheRequestedBlock() async throws {
        let wanted = Array("the real block".utf8)
        let node = try await LoopbackNode.start { connection, _ in
            try? await connection.outbound.send(
                .request(BlockRequest(id: 7, folder: try! FolderID("docs"), hash: ContentHash.of(wanted), size: UInt32(wanted.count))))
            do {
                for try await message in connection.inbound where message == .ping {
                    try await connection.outbound.send(.ping)
                }
            } catch {}
        }
        let peer = try await establishedPeer(node)
        guard case .request(let request) = try await peer.receiveMessage() else {
            Issue.record("expected a request")
            return
        }
        let wrong = Array("not the block!".utf8)
        try peer.send(try peer.session!.sealer.seal(.response(BlockResponse(id: request.id, result: .success(wrong)))))
        try await expectOnlyThatConnectionClosed(node, peer, reason: "not to the requested block")
        await node.stop()
    }

    // MARK: - Idle connections

    @Test func hundredsOfIdleConnections() async throws {
        let limit = 16
        let node = try await LoopbackNode.start(handshakeTimeout: .seconds(30), maxUnauthenticated: limit)
        var idle: [RawPeer] = []
        for _ in 0..<300 { idle.append(try RawPeer(port: node.port)) }
        // All but the newest `limit` are dropped, one log line each.
        let deadline = ContinuousClock.now + .seconds(30)
        while node.logs.lines(containing: "too many unauthenticated").count < 300 - limit && ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(10))
        }
        #expect(node.logs.lines(containing: "too many unauthenticated").count == 300 - limit)
        #expect(node.listener.unauthenticatedConnectionCount <= limit)
        // A real peer still gets through while the rest sit idle.
        #expect(try await node.checkStillServes())
        #expect(await idle[0].bytesUntilClosed() == 0)
        for peer in idle { shutdown(peer.descriptor, Int32(SHUT_RDWR)) }
        await node.stop()
    }
}
