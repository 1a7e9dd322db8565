public import ShoalCrypto

/// The connection handshake as a state machine without I/O: bytes from the
/// peer go in, bytes to send and finally an `EstablishedSession` come out.
///
/// Four messages (`Docs/PROTOCOL.md` gives the bytes and the reasoning):
///
///     M1 initiator → responder   magic, version, ephemeral X25519 key eI, identity key I
///     M2 responder → initiator   magic, version, eR, identity key R, sig_R(M1 ‖ M2 head)
///     M3 initiator → responder   sig_I(M1 ‖ M2), initiator's secret stream header
///     M4 responder → initiator   responder's secret stream header
///
/// The responder answers M1 only if `I` is trusted; the initiator answers M2
/// only if `R` is trusted and its signature verifies; the responder sends M4
/// only after checking M3. Each signature covers both ephemeral keys and both
/// identities, so it cannot be replayed into another session or re-bound to
/// another device. The deadline for finishing belongs to the caller.
///
/// A value type: copy it only before use. Not thread-safe.
public struct Handshake {
    /// Which end of the connection this side is.
    public enum Role: Sendable, Equatable {
        /// The side that connected.
        case initiator
        /// The side that accepted.
        case responder
    }

    /// The handshake version this implementation speaks.
    public static let version: UInt16 = 1
    /// The first six bytes of M1 and M2.
    static let magic: [UInt8] = Array("SHOAL".utf8) + [0]
    static let prologueBytes = 8
    static let signatureBytes = SigningPublicKey.signatureByteCount
    static let keyBytes = 32
    static let responderContext = Array("shoal handshake v1 responder\0".utf8)
    static let initiatorContext = Array("shoal handshake v1 initiator\0".utf8)

    private enum State {
        case initial
        case awaitingPrologue(next: Step)
        case awaiting(Step)
        case finished
    }

    private enum Step {
        case m1Body, m2Body, m3, m4
        var byteCount: Int {
            switch self {
            case .m1Body: 2 * Handshake.keyBytes
            case .m2Body: 2 * Handshake.keyBytes + Handshake.signatureBytes
            case .m3: Handshake.signatureBytes + SecretStreamSealer.headerByteCount
            case .m4: SecretStreamSealer.headerByteCount
            }
        }
    }

    /// This side's role.
    public let role: Role
    private let identity: DeviceIdentity
    private let trustedPeers: Set<DeviceID>
    private let ephemeral: KeyExchangeKeyPair
    private var state = State.initial
    private var pending: [UInt8] = []
    private var m1: [UInt8] = []
    private var m2: [UInt8] = []
    private var peerKey: SigningPublicKey?
    private var keys: SessionKeys?
    private var sealer: SecretStreamSealer?

    /// Prepares a handshake.
    ///
    /// - Parameters:
    ///   - trustedPeers: the devices this side accepts; an initiator passes
    ///     the one device it dialled.
    ///   - ephemeral: this connection's key exchange pair; generate a new one
    ///     per connection (tests pass a seeded one).
    public init(role: Role, identity: DeviceIdentity, trustedPeers: Set<DeviceID>, ephemeral: KeyExchangeKeyPair) {
        self.role = role
        self.identity = identity
        self.trustedPeers = trustedPeers
        self.ephemeral = ephemeral
    }

    /// Whether the handshake has finished (successfully).
    public var isFinished: Bool {
        if case .finished = state { true } else { false }
    }

    /// The bytes this side sends first: M1 for an initiator, nothing for a
    /// responder. Call once, before `receive`.
    public mutating func start() -> [UInt8] {
        guard case .initial = state else { return [] }
        switch role {
        case .initiator:
            m1 = prologue() + ephemeral.publicKey + identity.publicKey.bytes
            state = .awaitingPrologue(next: .m2Body)
            return m1
        case .responder:
            state = .awaitingPrologue(next: .m1Body)
            return []
        }
    }

    /// Feeds bytes from the peer. The handshake takes only the bytes it
    /// needs; the caller keeps the rest (`consumed` says how many were
    /// taken) and, once `established` is set, hands them to the session's
    /// `FrameOpener`.
    ///
    /// - Throws: `HandshakeError`; the caller must then close the connection
    ///   without sending anything more.
    public mutating func receive(_ bytes: UnsafeRawBufferPointer) throws(HandshakeError) -> HandshakeOutput {
        if case .initial = state { _ = start() }
        var output = HandshakeOutput()
        while output.consumed < bytes.count && output.established == nil {
            let wanted: Int
            switch state {
            case .awaitingPrologue: wanted = Self.prologueBytes
            case .awaiting(let step): wanted = step.byteCount
            case .initial, .finished: return output
            }
            let take = min(wanted - pending.count, bytes.count - output.consumed)
            pending.append(contentsOf: bytes[output.consumed..<output.consumed + take])
            output.consumed += take
            guard pending.count == wanted else { break }
            let message = pending
            pending = []
            try advance(with: message, into: &output)
        }
        return output
    }

    // MARK: - Steps

    private mutating func advance(with message: [UInt8], into output: inout HandshakeOutput) throws(HandshakeError) {
        switch state {
        case .awaitingPrologue(let next):
            guard Array(message.prefix(Self.magic.count)) == Self.magic else { throw .notShoal(firstBytes: message) }
            let version = UInt16(message[6]) << 8 | UInt16(message[7])
            guard version == Self.version else { throw .unsupportedVersion(version) }
            if next == .m1Body { m1 = message } else { m2 = message }
            state = .awaiting(next)
        case .awaiting(.m1Body):
            m1 += message
            try receiveM1(body: message, into: &output)
        case .awaiting(.m2Body):
            m2 += message
            try receiveM2(body: message, into: &output)
        case .awaiting(.m3):
            try receiveM3(message, into: &output)
        case .awaiting(.m4):
            try receiveM4(message, into: &output)
        case .initial, .finished:
            break
        }
    }

    /// Responder: check the initiator is trusted, then answer with M2.
    private mutating func receiveM1(body: [UInt8], into output: inout HandshakeOutput) throws(HandshakeError) {
        let peerEphemeral = body[0..<Self.keyBytes]
        let key = try! SigningPublicKey(bytes: body[Self.keyBytes...])
        guard trustedPeers.contains(key.deviceID) else { throw .untrustedPeer(key.deviceID) }
        do {
            keys = try ephemeral.sessionKeys(role: .server, peerPublicKey: peerEphemeral)
        } catch {
            throw .keyExchange(error)
        }
        peerKey = key
        let head = prologue() + ephemeral.publicKey + identity.publicKey.bytes
        let signature = identity.sign(Self.responderContext + m1 + head)
        m2 = head + signature
        output.send += m2
        state = .awaiting(.m3)
    }

    /// Initiator: check the responder is trusted and signed this session,
    /// then prove this side's identity and start sending.
    private mutating func receiveM2(body: [UInt8], into output: inout HandshakeOutput) throws(HandshakeError) {
        let peerEphemeral = body[0..<Self.keyBytes]
        let key = try! SigningPublicKey(bytes: body[Self.keyBytes..<2 * Self.keyBytes])
        let signature = body[(2 * Self.keyBytes)...]
        guard trustedPeers.contains(key.deviceID) else { throw .untrustedPeer(key.deviceID) }
        let head = m2.prefix(m2.count - Self.signatureBytes)
        guard key.isValidSignature(signature, of: Self.responderContext + m1 + head) else {
            throw .badSignature(key.deviceID)
        }
        let sessionKeys: SessionKeys
        do {
            sessionKeys = try ephemeral.sessionKeys(role: .client, peerPublicKey: peerEphemeral)
        } catch {
            throw .keyExchange(error)
        }
        peerKey = key
        keys = sessionKeys
        let streamSealer = SecretStreamSealer(key: sessionKeys.transmit)
        sealer = streamSealer
        output.send += identity.sign(Self.initiatorContext + m1 + m2) + streamSealer.header
        state = .awaiting(.m4)
    }

    /// Responder: check the initiator's proof, then start both streams.
    private mutating func receiveM3(_ message: [UInt8], into output: inout HandshakeOutput) throws(HandshakeError) {
        guard let peerKey, let keys else { return }
        let signature = message.prefix(Self.signatureBytes)
        guard peerKey.isValidSignature(signature, of: Self.initiatorContext + m1 + m2) else {
            throw .badSignature(peerKey.deviceID)
        }
        let streamSealer = SecretStreamSealer(key: keys.transmit)
        output.send += streamSealer.header
        try finish(peerKey: peerKey, keys: keys, sealer: streamSealer, peerHeader: message.suffix(SecretStreamSealer.headerByteCount), into: &output)
    }

    /// Initiator: the responder accepted; open its stream.
    private mutating func receiveM4(_ message: [UInt8], into output: inout HandshakeOutput) throws(HandshakeError) {
        guard let peerKey, let keys, let sealer else { return }
        try finish(peerKey: peerKey, keys: keys, sealer: sealer, peerHeader: message, into: &output)
    }

    private mutating func finish(
        peerKey: SigningPublicKey, keys: SessionKeys, sealer: SecretStreamSealer, peerHeader: some Collection<UInt8>,
        into output: inout HandshakeOutput
    ) throws(HandshakeError) {
        let opener: SecretStreamOpener
        do {
            opener = try SecretStreamOpener(key: keys.receive, header: peerHeader)
        } catch {
            throw .badStreamHeader
        }
        output.established = EstablishedSession(
            peerKey: peerKey, sealer: FrameSealer(stream: sealer), opener: FrameOpener(stream: opener))
        state = .finished
        self.keys = nil
        self.sealer = nil
    }

    private func prologue() -> [UInt8] {
        Self.magic + [UInt8(Self.version >> 8), UInt8(Self.version & 0xff)]
    }
}

/// What one call to `Handshake.receive` produced.
public struct HandshakeOutput {
    /// How many of the given bytes the handshake took.
    public var consumed = 0
    /// Bytes to send to the peer now (possibly empty).
    public var send: [UInt8] = []
    /// Set when the handshake has finished: the authenticated peer and the
    /// two encrypted streams.
    public var established: EstablishedSession?
}

/// An authenticated session: who the peer is, and one encrypted stream per
/// direction. Not thread-safe; owned by one connection.
public struct EstablishedSession {
    /// The peer's identity key, proven in the handshake.
    public let peerKey: SigningPublicKey
    /// Seals this side's messages.
    public let sealer: FrameSealer
    /// Opens the peer's messages.
    public let opener: FrameOpener

    /// The peer's device ID.
    public var peer: DeviceID { peerKey.deviceID }
}
