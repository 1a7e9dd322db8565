import Foundation
import Logging
import ShoalCrypto
import ShoalModel
import ShoalProtocol
import ShoalRuntime
import Synchronization

/// `shoal-transport-bench`: encrypted block throughput between two processes
/// over loopback TCP, next to libsodium's raw single-core secretstream speed
/// measured in the same run.
///
///     swift run -c release shoal-transport-bench [MiB per run] [runs] [block KiB]
///
/// The parent listens and pulls blocks with a window of requests in flight;
/// a child process (this executable, `sender` mode) connects and answers
/// them. Throughput counts block bytes before compression.
@main
struct TransportBench {
    static let receiver = try! DeviceIdentity(seed: [UInt8](repeating: 0xB0, count: 32))
    static let sender = try! DeviceIdentity(seed: [UInt8](repeating: 0x5E, count: 32))
    static let window = 32
    static let blockCount = 32

    struct Scenario {
        let kind: BenchData.Kind
        let lz4: Bool
        let verify: Bool
        var name: String { "\(kind.rawValue), LZ4 \(lz4 ? "on" : "off")\(verify ? ", hashes checked" : "")" }
    }

    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "sender" {
            try await runSender(arguments)
            return
        }
        if arguments.first == "ceiling-sender" {
            EncryptedSocketCeiling.send(arguments)
            return
        }
        let numbers = arguments.compactMap { Int($0) }
        let mebibytes = numbers.first ?? 512
        let runs = numbers.dropFirst().first ?? 5
        let blockSize = (numbers.dropFirst(2).first ?? 1024) << 10
        let scenarios = [
            Scenario(kind: .text, lz4: true, verify: false),
            Scenario(kind: .random, lz4: true, verify: false),
            Scenario(kind: .random, lz4: false, verify: false),
            Scenario(kind: .random, lz4: true, verify: true),
        ]
        print("\(mebibytes) MiB per run, blocks of \(blockSize >> 10) KiB, \(window) requests in flight, median of \(runs) runs")
        let raw = RawSecretStream.pushRate(blockSize: blockSize, totalBytes: mebibytes << 20, runs: runs)
        print(line("raw secretstream push, 1 core", raw, raw))
        let ceiling = try EncryptedSocketCeiling.rate(blockSize: blockSize, totalBytes: mebibytes << 20, runs: runs)
        print(line("ceiling: seal, TCP, open; nothing else", ceiling, raw))
        for scenario in scenarios {
            var rates: [Double] = []
            for _ in 0..<runs {
                rates.append(try await measure(scenario, totalBytes: mebibytes << 20, blockSize: blockSize))
            }
            print(line("transport: \(scenario.name)", rates.sorted()[runs / 2], raw) + "   runs: "
                + rates.map { String(format: "%.0f", $0 / 1e6) }.joined(separator: " "))
        }
        print("raw again (machine drift check): " + String(format: "%.0f MB/s", RawSecretStream.pushRate(blockSize: blockSize, totalBytes: mebibytes << 20, runs: runs) / 1e6))
    }

    static func line(_ name: String, _ rate: Double, _ raw: Double) -> String {
        name.padding(toLength: 46, withPad: " ", startingAt: 0) + String(format: "%7.0f MB/s  %.2fx raw", rate / 1e6, rate / raw)
    }

    static func configuration(_ identity: DeviceIdentity, lz4: Bool, verify: Bool) -> TransportConfiguration {
        var logger = Logger(label: "shoal.bench")
        logger.logLevel = .warning
        var configuration = TransportConfiguration(
            identity: identity,
            hello: Hello(deviceName: "bench", client: "shoal-transport-bench", protocolVersions: Hello.supportedVersions, capabilities: lz4 ? [.lz4] : []),
            logger: logger)
        configuration.verifiesBlockResponses = verify
        return configuration
    }

    // MARK: - Receiver (parent)

    /// Bytes per second pulled from a child sender.
    static func measure(_ scenario: Scenario, totalBytes: Int, blockSize: Int) async throws -> Double {
        let hashes = BenchData(kind: scenario.kind, blockSize: blockSize, blockCount: blockCount).hashes
        let listener = try await PeerListener.bind(
            host: "127.0.0.1", port: 0, trustedPeers: [sender.deviceID],
            configuration: configuration(receiver, lz4: scenario.lz4, verify: scenario.verify))
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
        child.arguments = ["sender", "\(listener.port)", scenario.kind.rawValue, "\(blockSize)", scenario.lz4 ? "1" : "0"]
        try child.run()
        let result = ResultBox()
        let folder = try FolderID("bench")
        let requests = totalBytes / blockSize
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await listener.run { connection in
                    var sent = 0
                    var received = 0
                    let start = ContinuousClock.now
                    do {
                        while sent < min(window, requests) {
                            try await connection.outbound.send(.request(BlockRequest(id: UInt32(sent), folder: folder, hash: hashes[sent % blockCount], size: UInt32(blockSize))))
                            sent += 1
                        }
                        for try await message in connection.inbound {
                            guard case .response = message else { continue }
                            received += 1
                            if received == requests { break }
                            if sent < requests {
                                try await connection.outbound.send(.request(BlockRequest(id: UInt32(sent), folder: folder, hash: hashes[sent % blockCount], size: UInt32(blockSize))))
                                sent += 1
                            }
                        }
                    } catch {
                        print("receiver failed: \(error)")
                    }
                    result.set(Double(received * blockSize) / (ContinuousClock.now - start).seconds)
                    await connection.outbound.close(reason: "done")
                    await listener.close()
                }
            }
            try await group.waitForAll()
        }
        child.waitUntilExit()
        return result.value
    }

    // MARK: - Sender (child)

    static func runSender(_ arguments: [String]) async throws {
        guard arguments.count == 5, let port = Int(arguments[1]), let kind = BenchData.Kind(rawValue: arguments[2]),
            let blockSize = Int(arguments[3])
        else { fatalError("usage: shoal-transport-bench sender PORT KIND BLOCK-BYTES LZ4") }
        let data = BenchData(kind: kind, blockSize: blockSize, blockCount: blockCount)
        let byHash = Dictionary(uniqueKeysWithValues: zip(data.hashes, data.blocks))
        try await PeerConnector.connect(
            host: "127.0.0.1", port: port, expecting: receiver.deviceID,
            configuration: configuration(sender, lz4: arguments[4] == "1", verify: false)
        ) { connection in
            for try await message in connection.inbound {
                guard case .request(let request) = message else { continue }
                try await connection.outbound.send(.response(BlockResponse(id: request.id, result: byHash[request.hash].map { .success($0) } ?? .failure(.notFound))))
            }
        }
    }
}

/// One number handed from the connection task to the benchmark.
final class ResultBox: Sendable {
    private let storage = Mutex<Double>(0)
    func set(_ value: Double) { storage.withLock { $0 = value } }
    var value: Double { storage.withLock { $0 } }
}


