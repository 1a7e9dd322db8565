import Foundation
import ShoalCrypto

/// The least any encrypted transport between two processes must do: one
/// process seals blocks with secretstream and writes them to a loopback TCP
/// socket, the other reads and opens them, with blocking system calls, no
/// framing library, no requests and no copies beyond the kernel's. What it
/// reaches bounds what Shoal's transport can reach on this machine.
enum EncryptedSocketCeiling {
    /// Key and header both sides use (a benchmark; never a real session).
    static let key = try! SecretStreamKey(bytes: [UInt8](repeating: 7, count: SecretStreamKey.byteCount))

    /// Bytes per second the reader opened, median of `runs` runs of `totalBytes`.
    static func rate(blockSize: Int, totalBytes: Int, runs: Int) throws -> Double {
        var rates: [Double] = []
        for _ in 0..<runs { rates.append(try measure(blockSize: blockSize, totalBytes: totalBytes)) }
        return rates.sorted()[runs / 2]
    }

    private static func measure(blockSize: Int, totalBytes: Int) throws -> Double {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        listen(listener, 1)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { _ = getsockname(listener, $0, &length) }
        }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["ceiling-sender", "\(UInt16(bigEndian: address.sin_port))", "\(blockSize)", "\(totalBytes)"]
        try child.run()
        let connection = accept(listener, nil, nil)
        close(listener)
        defer { close(connection) }
        var header = [UInt8](repeating: 0, count: SecretStreamSealer.headerByteCount)
        readFully(connection, &header)
        let opener = try SecretStreamOpener(key: key, header: header)
        var frame = [UInt8](repeating: 0, count: blockSize + SecretStreamSealer.overhead)
        var plaintext = [UInt8](repeating: 0, count: blockSize)
        let start = ContinuousClock.now
        var received = 0
        while received < totalBytes {
            readFully(connection, &frame)
            try frame.withUnsafeBytes { sealed in
                try plaintext.withUnsafeMutableBytes { _ = try opener.open(sealed, into: $0) }
            }
            received += blockSize
        }
        let elapsed = ContinuousClock.now - start
        child.waitUntilExit()
        return Double(received) / elapsed.seconds
    }

    /// The child: connects to `port` and sends `totalBytes` of sealed blocks.
    static func send(_ arguments: [String]) {
        guard arguments.count == 4, let port = UInt16(arguments[1]), let blockSize = Int(arguments[2]),
            let totalBytes = Int(arguments[3])
        else { fatalError("usage: shoal-transport-bench ceiling-sender PORT BLOCK-BYTES TOTAL-BYTES") }
        let connection = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                _ = connect(connection, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        let sealer = SecretStreamSealer(key: key)
        writeFully(connection, sealer.header)
        let block = [UInt8](repeating: 0x42, count: blockSize)
        var frame = [UInt8](repeating: 0, count: blockSize + SecretStreamSealer.overhead)
        var sent = 0
        while sent < totalBytes {
            block.withUnsafeBytes { input in frame.withUnsafeMutableBytes { sealer.seal(input, into: $0) } }
            writeFully(connection, frame)
            sent += blockSize
        }
        close(connection)
    }

    private static func readFully(_ fd: Int32, _ buffer: inout [UInt8]) {
        var done = 0
        let count = buffer.count
        buffer.withUnsafeMutableBytes { raw in
            while done < count {
                let n = read(fd, raw.baseAddress! + done, count - done)
                precondition(n > 0, "the ceiling sender stopped early")
                done += n
            }
        }
    }

    private static func writeFully(_ fd: Int32, _ bytes: [UInt8]) {
        var done = 0
        bytes.withUnsafeBytes { raw in
            while done < raw.count {
                let n = write(fd, raw.baseAddress! + done, raw.count - done)
                precondition(n > 0, "the ceiling receiver stopped early")
                done += n
            }
        }
    }
}
