import Foundation
import Logging
import ShoalCrypto
import ShoalRuntime
import ShoalTestSupport
import Synchronization
import Testing

/// The commands against a running daemon, played by a control server on the
/// home's socket that records what it is asked.
@Suite struct RunningDaemonTests {
    /// A control server standing in for the daemon.
    final class StandIn: Sendable {
        let server: ControlServer
        private let requests: Requests

        var received: [ControlRequest] { requests.all }

        init(home: TestHome, reply: @escaping @Sendable (ControlRequest) -> ControlReply) async throws {
            let requests = Requests()
            server = try await ControlServer.start(
                path: home.path + "/control.sock",
                handler: { request in
                    requests.append(request)
                    return reply(request)
                }, logger: Logger(label: "test.control") { _ in SwiftLogNoOpLogHandler() })
            self.requests = requests
        }
    }

    final class Requests: Sendable {
        private let requests = Mutex<[ControlRequest]>([])

        var all: [ControlRequest] { requests.withLock { $0 } }

        func append(_ request: ControlRequest) {
            requests.withLock { $0.append(request) }
        }
    }

    static let laptop = otherDevice(1)

    static func daemon(discovered: [DiscoveredPeer] = [], status: DaemonStatus? = nil, reloadError: String? = nil)
        -> @Sendable (ControlRequest) -> ControlReply
    {
        { request in
            switch request {
            case .reload: ControlReply(error: reloadError)
            case .discovered: ControlReply(discovered: discovered)
            case .status: status.map { ControlReply(status: $0) } ?? ControlReply(error: "no status here")
            }
        }
    }

    @Test func anEditTellsTheRunningDaemonToReload() async throws {
        let home = try TestHome()
        let daemon = try await StandIn(home: home, reply: Self.daemon())

        let result = try home.run("folder", "add", "docs", "docs")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("The running daemon applied the change."))
        #expect(daemon.received == [.reload])
        #expect(try home.folders.count == 1)
        await daemon.server.close()
    }

    @Test func aReloadTheDaemonRefusesIsAWarning() async throws {
        let home = try TestHome()
        let daemon = try await StandIn(home: home, reply: Self.daemon(reloadError: "folder docs: path is gone"))

        let result = try home.run("folder", "add", "docs", "docs")
        #expect(result.status == 0)
        let warning = "warning: the configuration is saved, but the running daemon could not apply it: "
        #expect(result.stderr.contains(warning + "folder docs: path is gone"), "\(result.stderr)")
        #expect(try home.folders.count == 1)
        await daemon.server.close()
    }

    @Test func aUniquePrefixOfADiscoveredDeviceAddsIt() async throws {
        let home = try TestHome()
        let discovered = [
            DiscoveredPeer(deviceID: Self.laptop.description, name: "LAPTOP", addresses: ["10.0.0.5:22300"]),
            DiscoveredPeer(deviceID: otherDevice(200).description, name: "nas", addresses: []),
        ]
        let daemon = try await StandIn(home: home, reply: Self.daemon(discovered: discovered))

        let prefix = String(Self.laptop.description.prefix(9)).lowercased()
        let result = try home.run("peer", "add", prefix)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Added LAPTOP (\(Self.laptop)); compare it with `shoal id` on that device."))
        #expect(daemon.received == [.discovered, .reload])
        #expect(try home.peers.first?["device_id"] as? String == Self.laptop.description)
        #expect(try home.peers.first?["name"] as? String == "LAPTOP")
        await daemon.server.close()
    }

    @Test func aFullIDTakesTheDiscoveredNameUnlessOneIsGiven() async throws {
        let home = try TestHome()
        let discovered = [DiscoveredPeer(deviceID: Self.laptop.description, name: "LAPTOP", addresses: [])]
        let daemon = try await StandIn(home: home, reply: Self.daemon(discovered: discovered))

        #expect(try home.run("peer", "add", Self.laptop.description).stdout.contains("Added LAPTOP (\(Self.laptop))."))
        #expect(try home.run("peer", "add", Self.laptop.description, "--name", "mine").stdout.contains("Updated mine"))
        #expect(try home.peers.first?["name"] as? String == "mine")
        await daemon.server.close()
    }

    @Test func anAmbiguousPrefixListsTheCandidates() async throws {
        let home = try TestHome()
        // Both IDs start with "AAAAAA": their first bytes are zero.
        let first = try DeviceID(rawBytes: [0, 0, 0, 0, 1] + [UInt8](repeating: 1, count: 27))
        let second = try DeviceID(rawBytes: [0, 0, 0, 0, 2] + [UInt8](repeating: 2, count: 27))
        let discovered = [
            DiscoveredPeer(deviceID: first.description, name: "one", addresses: []),
            DiscoveredPeer(deviceID: second.description, name: "two", addresses: []),
        ]
        let daemon = try await StandIn(home: home, reply: Self.daemon(discovered: discovered))

        let ambiguous = try home.run("peer", "add", "AAAA-AA")
        #expect(ambiguous.status != 0)
        #expect(ambiguous.stderr.contains("'AAAA-AA' starts the IDs of 2 discovered devices; give more of the ID:"))
        #expect(ambiguous.stderr.contains("\(first)  one") && ambiguous.stderr.contains("\(second)  two"))

        let nothing = try home.run("peer", "add", "ZZZZZZ")
        #expect(nothing.status != 0)
        #expect(nothing.stderr.contains("no device the daemon has discovered has an ID starting with 'ZZZZZZ'"))
        #expect(try home.peers.isEmpty)
        #expect(!daemon.received.contains(.reload))
        await daemon.server.close()
    }

    @Test func peerListShowsConnectionsAndDiscoveredDevices() async throws {
        let home = try TestHome()
        let desk = otherDevice(2)
        #expect(try home.run("peer", "add", Self.laptop.description, "--name", "laptop").status == 0)
        #expect(try home.run("peer", "add", desk.description, "--name", "desk").status == 0)
        let status = DaemonStatus(
            deviceID: home.deviceID.description, name: "this", listen: "0.0.0.0:22300", folders: [],
            peers: [
                PeerReport(
                    deviceID: Self.laptop.description, name: "laptop", connected: true, address: "10.0.0.5:22300",
                    bytesReceived: 0, bytesSent: 0),
                PeerReport(
                    deviceID: desk.description, name: "desk", connected: false, address: nil, bytesReceived: 0,
                    bytesSent: 0),
            ])
        let nas = DiscoveredPeer(deviceID: otherDevice(3).description, name: "nas", addresses: ["10.0.0.9:22300"])
        let daemon = try await StandIn(home: home, reply: Self.daemon(discovered: [nas], status: status))

        let listed = try home.run("peer", "list")
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("CONNECTED"))
        let laptopRow = try #require(listed.stdout.split(separator: "\n").first { $0.hasPrefix("laptop") })
        let deskRow = try #require(listed.stdout.split(separator: "\n").first { $0.hasPrefix("desk") })
        #expect(laptopRow.contains("  yes  ") && deskRow.contains("  no  "))
        #expect(!listed.stdout.contains("not running"))

        let json = try home.run("peer", "list", "--json")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(entries.map { $0["connected"] as? Bool } == [true, false])

        let found = try home.run("peer", "list", "--discovered")
        #expect(found.status == 0, "\(found.stderr)")
        let row = try #require(found.stdout.split(separator: "\n").first { $0.hasPrefix("nas") })
        #expect(row.contains(nas.deviceID) && row.contains("10.0.0.9:22300"))
        let foundJSON = try home.run("peer", "list", "--discovered", "--json")
        #expect(try JSONDecoder().decode([DiscoveredPeer].self, from: Data(foundJSON.stdout.utf8)) == [nas])
        await daemon.server.close()
    }
}
