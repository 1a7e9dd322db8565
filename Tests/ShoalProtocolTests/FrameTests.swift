import ShoalCrypto
import Testing

@testable import ShoalProtocol

/// The encrypted frame layer refuses every change an attacker on the path
/// can make to the byte stream.
@Suite struct FrameTests {
    func sessions() throws -> (sender: EstablishedSession, receiver: EstablishedSession) {
        var pair = HandshakePair()
        let (initiator, responder) = try pair.run()
        return (initiator, responder)
    }

    @Test func tamperedFrameIsRefused() throws {
        let (sender, receiver) = try sessions()
        var frame = try sender.sealer.seal(.close(Close(reason: "bye")))
        frame[10] ^= 0x80
        #expect(throws: FrameError.decryption(.forged)) { try receiver.opener.open(frame: frame) }
    }

    @Test func reorderedFramesAreRefused() throws {
        let (sender, receiver) = try sessions()
        let first = try sender.sealer.seal(.ping)
        let second = try sender.sealer.seal(.close(Close(reason: "x")))
        #expect(throws: FrameError.decryption(.forged)) { try receiver.opener.open(frame: second) }
        // A refused frame does not advance the stream (the connection is
        // closed at once anyway), so the right next frame still opens.
        #expect(try receiver.opener.open(frame: first) == .ping)
    }

    @Test func replayedFrameIsRefused() throws {
        let (sender, receiver) = try sessions()
        let frame = try sender.sealer.seal(.ping)
        #expect(try receiver.opener.open(frame: frame) == .ping)
        #expect(throws: FrameError.decryption(.forged)) { try receiver.opener.open(frame: frame) }
    }

    @Test func frameFromAnotherSessionIsRefused() throws {
        let (_, receiver) = try sessions()
        // Same seeded keys, but each stream starts from its own random header.
        let (otherSender, _) = try sessions()
        let frame = try otherSender.sealer.seal(.ping)
        #expect(throws: FrameError.decryption(.forged)) { try receiver.opener.open(frame: frame) }
    }

    @Test func truncatedFrameIsRefused() throws {
        let (sender, receiver) = try sessions()
        let frame = try sender.sealer.seal(.hello(Fixtures.hello))
        let sealed = Array(frame.dropFirst(4).dropLast(1))
        #expect(throws: FrameError.decryption(.forged)) {
            try sealed.withUnsafeBytes { try receiver.opener.open(sealed: $0) }
        }
    }

    @Test func changedLengthPrefixIsRefused() throws {
        // The length is authenticated as additional data.
        let (sender, receiver) = try sessions()
        var frame = try sender.sealer.seal(.hello(Fixtures.hello)) + [0]
        let length = UInt32(frame.count - 4)
        frame.replaceSubrange(0..<4, with: withUnsafeBytes(of: length.bigEndian) { Array($0) })
        #expect(throws: FrameError.decryption(.forged)) { try receiver.opener.open(frame: frame) }
    }

    @Test func fourGibibyteLengthPrefixIsRefusedBeforeBuffering() throws {
        #expect(throws: FrameError.tooLarge(length: .max, limit: FrameOpener.maximumSealedBytes)) {
            try FrameOpener.sealedLength(prefix: .max)
        }
        #expect(throws: FrameError.tooSmall(length: 3)) { try FrameOpener.sealedLength(prefix: 3) }
        #expect(try FrameOpener.sealedLength(prefix: 18) == 18)
    }

    @Test func closeIsTheFinalFrame() throws {
        let (sender, receiver) = try sessions()
        #expect(try receiver.opener.open(frame: try sender.sealer.seal(.ping)) == .ping)
        #expect(!receiver.opener.hasReachedEnd)
        _ = try receiver.opener.open(frame: try sender.sealer.seal(.close(Close(reason: "done"))))
        #expect(receiver.opener.hasReachedEnd)
    }

    @Test func validFrameWithMalformedMessageIsRefused() throws {
        // Seal bytes that authenticate but are no message.
        let (sender, receiver) = try sessions()
        var frame = [UInt8](repeating: 0, count: FrameSealer.frameSize(plaintextCount: 2))
        [UInt8]([42, 0]).withUnsafeBytes { plain in
            frame.withUnsafeMutableBytes { sender.sealer.seal(plaintext: plain, isFinal: false, into: $0) }
        }
        #expect(throws: FrameError.malformedMessage(.unknownMessageType(42))) { try receiver.opener.open(frame: frame) }
    }
}
