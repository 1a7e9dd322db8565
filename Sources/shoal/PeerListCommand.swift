import ArgumentParser
import ShoalCrypto
import ShoalRuntime

/// `shoal peer list`: the trusted devices, or with `--discovered` the untrusted ones the daemon sees.
struct PeerListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the trusted devices, or with --discovered the untrusted ones the daemon finds.",
        discussion: """
            The trusted list shows whether each device is connected when the daemon runs. \
            --discovered asks the running daemon which devices it found on the network and fails \
            when it is not running.
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Flag(help: "List the untrusted devices the running daemon discovered instead.")
    var discovered = false

    @Flag(help: "Print JSON.")
    var json = false

    /// One trusted device in `--json` output.
    struct Listing: Encodable {
        var deviceID: String
        var name: String
        var addresses: [String]
        /// `nil` (left out) when the daemon is not running.
        var connected: Bool?

        enum CodingKeys: String, CodingKey {
            case deviceID = "device_id"
            case name, addresses, connected
        }
    }

    func run() throws {
        let home = try ConfiguredHome(homeOptions)
        if discovered {
            try listDiscovered(home)
        } else {
            try listTrusted(home)
        }
    }

    private func listTrusted(_ home: ConfiguredHome) throws {
        let (connected, note) = connectionStates(home)
        let listings = home.config.peers.map { peer in
            Listing(
                deviceID: peer.deviceID.description, name: peer.name, addresses: peer.addresses.map(\.description),
                connected: connected.map { $0[peer.deviceID] ?? false })
        }
        if json {
            try printJSON(listings)
            if let note { warn(note) }
            return
        }
        guard !listings.isEmpty else {
            print("No trusted peers yet; add one with `shoal peer add DEVICE_ID`.")
            return
        }
        var table = TextTable(header: ["NAME", "DEVICE ID"] + (connected == nil ? [] : ["CONNECTED"]) + ["ADDRESSES"])
        for listing in listings {
            let state = listing.connected.map { $0 ? ["yes"] : ["no"] } ?? []
            table.append(
                [listing.name.isEmpty ? "-" : listing.name, listing.deviceID] + state
                    + [listing.addresses.isEmpty ? "-" : listing.addresses.joined(separator: ", ")])
        }
        print(table.text)
        if let note { print("(\(note))") }
    }

    /// Which trusted devices are connected, from the daemon; `nil` with a
    /// note saying why when it cannot say.
    private func connectionStates(_ home: ConfiguredHome) -> ([DeviceID: Bool]?, String?) {
        switch home.daemon.ask(.status) {
        case .notRunning:
            return (nil, "the daemon is not running, so whether peers are connected is unknown")
        case .unreachable(let error):
            return (nil, "whether peers are connected is unknown: \(error)")
        case .replied(let reply):
            guard let status = reply.status else {
                return (nil, "whether peers are connected is unknown: the daemon said \(reply.error ?? "nothing")")
            }
            var states: [DeviceID: Bool] = [:]
            for peer in status.peers {
                if let id = try? DeviceID(parsing: peer.deviceID) { states[id] = peer.connected }
            }
            return (states, nil)
        }
    }

    private func listDiscovered(_ home: ConfiguredHome) throws {
        let found = try home.daemon.require(.discovered).discovered ?? []
        if json {
            try printJSON(found)
            return
        }
        guard !found.isEmpty else {
            print("The daemon has not discovered any untrusted device.")
            return
        }
        var table = TextTable(header: ["NAME", "DEVICE ID", "ADDRESSES"])
        for device in found {
            table.append(
                [device.name.isEmpty ? "-" : device.name, device.deviceID, device.addresses.joined(separator: ", ")])
        }
        print(table.text)
        print("Trust one with `shoal peer add DEVICE_ID` (a unique start of the ID will do).")
    }
}
