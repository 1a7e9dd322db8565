import ShoalCrypto
import ShoalModel
import ShoalTestSupport
import Testing

@testable import ShoalProtocol

/// Runs the handshake between two state machines in memory, with no I/O.
struct HandshakePair {
    var initiator: Handshake
    var responder: Handshake

    init(
        initiator: DeviceIdentity = Fixtures.alice, responder: DeviceIdentity = Fixtures.bob,
        initiatorTrusts: Set<DeviceID>? = nil, responderTrusts: Set<DeviceID>? = nil
    ) {
        self.initiator = Handshake(
            role: .initiator, identity: initiator, trustedPeers: initiatorTrusts ?? [responder.deviceID],
            ephemeral: try! KeyExchangeKeyPair(seed: [UInt8](repeating: 10, count: 32)))
        self.responder = Handshake(
            role: .responder, identity: responder, trustedPeers: responderTrusts ?? [initiator.deviceID],
            ephemeral: try! KeyExchangeKeyPair(seed: [UInt8](repeating: 11, count: 32)))
    }

    /// Delivers bytes between the two until both finish; `tamper` may change
    /// each message on its way (index 0 is M1).
    mutating func run(tamper: (Int, inout [UInt8]) -> Void = { _, _ in }) throws -> (
        initiator: EstablishedSession, responder: EstablishedSession
    ) {
        var toResponder = initiator.start()
        _ = responder.start()
        var initiatorSession: EstablishedSession?
        var responderSession: EstablishedSession?
        var messageIndex = 0
        for _ in 0..<4 where initiatorSession == nil || responderSession == nil {
            tamper(messageIndex, &toResponder)
            messageIndex += 1
            let fromResponder = try toResponder.withUnsafeBytes { try responder.receive($0) }
            if let session = fromResponder.established { responderSession = session }
            var toInitiator = fromResponder.send
            guard !toInitiator.isEmpty else { break }
            tamper(messageIndex, &toInitiator)
            messageIndex += 1
            let fromInitiator = try toInitiator.withUnsafeBytes { try initiator.receive($0) }
            if let session = fromInitiator.established { initiatorSession = session }
            toResponder = fromInitiator.send
        }
        return (try #require(initiatorSession), try #require(responderSession))
    }
}

@Suite struct HandshakeTests {
    @Test func bothSidesLearnTheOtherAndCanTalk() throws {
        var pair = HandshakePair()
        let (alice, bob) = try pair.run()
        #expect(alice.peer == Fixtures.bob.deviceID)
        #expect(bob.peer == Fixtures.alice.deviceID)
        let frame = try alice.sealer.seal(.ping)
        #expect(try bob.opener.open(frame: frame) == .ping)
        let back = try bob.sealer.seal(.hello(Fixtures.hello))
        #expect(try alice.opener.open(frame: back) == .hello(Fixtures.hello))
    }

    @Test func messagesHaveTheSpecifiedSizes() throws {
        var sizes: [Int] = []
        var pair = HandshakePair()
        _ = try pair.run { _, bytes in sizes.append(bytes.count) }
        #expect(sizes == [72, 136, 88, 24])
    }

    @Test func bytesMayArriveOneAtATime() throws {
        var initiator = HandshakePair().initiator
        var responder = HandshakePair().responder
        var toResponder = initiator.start()
        var established = 0
        for _ in 0..<4 {
            var toInitiator: [UInt8] = []
            for byte in toResponder {
                let output = try [byte].withUnsafeBytes { try responder.receive($0) }
                #expect(output.consumed == 1)
                toInitiator += output.send
                if output.established != nil { established += 1 }
            }
            toResponder = []
            for byte in toInitiator {
                let output = try [byte].withUnsafeBytes { try initiator.receive($0) }
                toResponder += output.send
                if output.established != nil { established += 1 }
            }
        }
        #expect(established == 2)
    }

    @Test func bytesAfterTheHandshakeAreLeftForTheSession() throws {
        var pair = HandshakePair()
        var toResponder = pair.initiator.start()
        let m2 = try toResponder.withUnsafeBytes { try pair.responder.receive($0) }.send
        let m3 = try m2.withUnsafeBytes { try pair.initiator.receive($0) }.send
        let m4 = try m3.withUnsafeBytes { try pair.responder.receive($0) }
        toResponder = m4.send + [1, 2, 3]
        let last = try toResponder.withUnsafeBytes { try pair.initiator.receive($0) }
        #expect(last.established != nil)
        #expect(last.consumed == 24)
    }

    @Test func randomBytesAreNotAHandshake() {
        var random = SplitMix64(seed: 1)
        var responder = HandshakePair().responder
        let noise = random.bytes(72)
        #expect(throws: HandshakeError.notShoal(firstBytes: Array(noise.prefix(8)))) {
            _ = try noise.withUnsafeBytes { try responder.receive($0) }
        }
    }

    @Test func httpRequestIsNotAHandshake() {
        var responder = HandshakePair().responder
        let request = Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        #expect(throws: HandshakeError.self) { _ = try request.withUnsafeBytes { try responder.receive($0) } }
    }

    @Test func unknownHandshakeVersionIsRefused() {
        var pair = HandshakePair()
        #expect(throws: HandshakeError.unsupportedVersion(2)) {
            _ = try pair.run { index, bytes in if index == 0 { bytes[7] = 2 } }
        }
    }

    @Test func responderRefusesUntrustedInitiatorBeforeSendingAnything() throws {
        var pair = HandshakePair(initiator: Fixtures.mallory, responderTrusts: [Fixtures.alice.deviceID])
        let m1 = pair.initiator.start()
        #expect(throws: HandshakeError.untrustedPeer(Fixtures.mallory.deviceID)) {
            _ = try m1.withUnsafeBytes { try pair.responder.receive($0) }
        }
    }

    @Test func initiatorRefusesAResponderItDidNotDial() {
        var pair = HandshakePair(responder: Fixtures.mallory, initiatorTrusts: [Fixtures.bob.deviceID])
        #expect(throws: HandshakeError.untrustedPeer(Fixtures.mallory.deviceID)) { _ = try pair.run() }
    }

    @Test func badResponderSignatureIsRefused() {
        var pair = HandshakePair()
        #expect(throws: HandshakeError.badSignature(Fixtures.bob.deviceID)) {
            _ = try pair.run { index, bytes in if index == 1 { bytes[100] ^= 0x40 } }
        }
    }

    @Test func badInitiatorSignatureIsRefused() {
        var pair = HandshakePair()
        #expect(throws: HandshakeError.badSignature(Fixtures.alice.deviceID)) {
            _ = try pair.run { index, bytes in if index == 2 { bytes[5] ^= 0x01 } }
        }
    }

    @Test func swappedEphemeralKeyBreaksTheResponderSignature() {
        // A man in the middle replacing the initiator's ephemeral key cannot
        // keep the responder's signature valid for the initiator.
        var pair = HandshakePair()
        #expect(throws: HandshakeError.badSignature(Fixtures.bob.deviceID)) {
            _ = try pair.run { index, bytes in if index == 0 { bytes[8] ^= 0x01 } }
        }
    }

    @Test func identityRebindingIsRefused() throws {
        // Mallory (trusted by Alice) replaces Bob's key and signature in M2
        // with her own: Alice would talk to Mallory, but then Bob refuses
        // Alice's signature, which names Mallory, not him.
        var pair = HandshakePair(initiatorTrusts: [Fixtures.bob.deviceID, Fixtures.mallory.deviceID])
        var m1: [UInt8] = []
        #expect(throws: HandshakeError.badSignature(Fixtures.alice.deviceID)) {
            _ = try pair.run { index, bytes in
                if index == 0 { m1 = bytes }
                if index == 1 {
                    var head = Array(bytes.prefix(72))
                    head.replaceSubrange(40..<72, with: Fixtures.mallory.publicKey.bytes)
                    bytes = head + Fixtures.mallory.sign(Handshake.responderContext + m1 + head)
                }
            }
        }
    }

    @Test func weakEphemeralKeyIsRefused() {
        var pair = HandshakePair()
        #expect(throws: HandshakeError.keyExchange(.weakPublicKey)) {
            _ = try pair.run { index, bytes in if index == 0 { bytes.replaceSubrange(8..<40, with: [UInt8](repeating: 0, count: 32)) } }
        }
    }

    @Test func replayedM3FromAnotherSessionIsRefused() throws {
        var first = HandshakePair()
        var recordedM3: [UInt8] = []
        _ = try first.run { index, bytes in if index == 2 { recordedM3 = bytes } }
        // Same devices, fresh ephemeral key on the responder's side.
        var second = HandshakePair()
        second.responder = Handshake(
            role: .responder, identity: Fixtures.bob, trustedPeers: [Fixtures.alice.deviceID],
            ephemeral: try KeyExchangeKeyPair(seed: [UInt8](repeating: 99, count: 32)))
        #expect(throws: HandshakeError.badSignature(Fixtures.alice.deviceID)) {
            _ = try second.run { index, bytes in if index == 2 { bytes = recordedM3 } }
        }
    }
}
