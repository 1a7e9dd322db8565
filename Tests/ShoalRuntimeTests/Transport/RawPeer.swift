import Dispatch
import Glibc
import ShoalCrypto
import ShoalProtocol

/// A hand-driven client on a real loopback TCP socket, for sending what a
/// well-behaved peer never would. Blocking calls, each bounded by a
/// receive timeout; the waiting ones run on a Dispatch thread so they never
/// block Swift concurrency's small thread pool.
///
/// `@unchecked Sendable`: a test uses its peer from one task at a time,
/// one call after another, so the mutable `session` is never shared.
final class RawPeer: @unchecked Sendable {
    let descriptor: Int32
    /// This end's port, which the server logs as the peer's address.
    let localPort: Int
    private(set) var session: EstablishedSession?

    init(port: Int, receiveTimeout: Duration = .seconds(10)) throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw RawPeerError.system("socket", errno) }
        var timeout = timeval(tv_sec: Int(receiveTimeout.components.seconds), tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(descriptor)
            throw RawPeerError.system("connect", errno)
        }
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        self.descriptor = descriptor
        localPort = Int(UInt16(bigEndian: local.sin_port))
    }

    deinit {
        close(descriptor)
    }

    /// The address the server sees for this peer.
    var address: String { "127.0.0.1:\(localPort)" }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw RawPeerError.system("send", errno) }
            offset += written
        }
    }

    /// Exactly `count` bytes, or an error when the server closes first.
    func receive(_ count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let read = out[offset...].withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if read == 0 { throw RawPeerError.closedByServer(received: offset) }
            guard read > 0 else { throw RawPeerError.system("recv", errno) }
            offset += read
        }
        return out
    }

    /// Reads until the server closes the connection (or the timeout);
    /// returns how many bytes came first, or `nil` on timeout.
    func bytesUntilClosed(limit: Int = 1 << 20) async -> Int? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: self.blockingBytesUntilClosed(limit: limit)) }
        }
    }

    private func blockingBytesUntilClosed(limit: Int) -> Int? {
        var total = 0
        var chunk = [UInt8](repeating: 0, count: 4096)
        while total < limit {
            let read = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if read == 0 { return total }
            if read < 0 { return errno == ECONNRESET ? total : nil }
            total += read
        }
        return nil
    }

    /// Runs `body` on a Dispatch thread.
    func offloaded<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
        }
    }

    /// Runs the handshake as `identity` (tampering with M3 if asked).
    func handshake(as identity: DeviceIdentity, expecting server: DeviceID, corruptSignature: Bool = false) async throws {
        try await offloaded { try self.blockingHandshake(as: identity, expecting: server, corruptSignature: corruptSignature) }
    }

    private func blockingHandshake(as identity: DeviceIdentity, expecting server: DeviceID, corruptSignature: Bool) throws {
        var handshake = Handshake(
            role: .initiator, identity: identity, trustedPeers: [server], ephemeral: .generate())
        try send(handshake.start())
        let m2 = try receive(136)
        var m3 = try m2.withUnsafeBytes { try handshake.receive($0) }.send
        if corruptSignature { m3[3] ^= 0x10 }
        try send(m3)
        let m4 = try receive(24)
        session = try m4.withUnsafeBytes { try handshake.receive($0) }.established
    }

    /// Sends our `Hello` and reads the server's.
    func exchangeHello(_ hello: Hello) async throws -> Message {
        try send(try session!.sealer.seal(.hello(hello)))
        return try await receiveMessage()
    }

    /// Reads and opens one frame.
    func receiveMessage() async throws -> Message {
        try await offloaded { try self.blockingReceiveMessage() }
    }

    private func blockingReceiveMessage() throws -> Message {
        let prefix = try receive(4)
        let length = try FrameOpener.sealedLength(prefix: prefix.reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
        let sealed = try receive(length)
        return try sealed.withUnsafeBytes { try session!.opener.open(sealed: $0) }
    }
}

enum RawPeerError: Error {
    case system(String, Int32)
    case closedByServer(received: Int)
}
