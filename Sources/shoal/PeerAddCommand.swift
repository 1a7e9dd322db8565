import ArgumentParser
import ShoalCrypto
import ShoalRuntime

/// `shoal peer add DEVICE_ID`: trust a device.
struct PeerAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Trust a device, or update the name and addresses of one already trusted.",
        discussion: """
            DEVICE_ID is the other device's ID, as `shoal id` prints it there. With a running daemon, \
            a unique start of the ID of a device it discovered on the network will do (at least \
            \(DeviceIDPrefix.minimumLength) characters); the full ID is printed so you can compare it.
            """)

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "The device's ID, or with a running daemon the start of a discovered device's ID.")
    var deviceID: String

    @Option(help: "A name for the device (default: the name it announces, when discovered).")
    var name: String?

    @Option(
        name: .customLong("address"),
        help: ArgumentHelp(
            "Where to reach it besides what mDNS finds (repeatable; replaces its addresses).",
            valueName: "host:port"))
    var addresses: [String] = []

    func validate() throws {
        guard !deviceID.isEmpty else { throw ValidationError("give the device's ID (`shoal id` there prints it)") }
        for address in addresses {
            do {
                _ = try PeerAddress(parsing: address)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    func run() throws {
        var home = try ConfiguredHome(homeOptions)
        let (id, discovered, byPrefix) = try resolve(in: home)
        guard id != home.deviceID else { throw PeerError.ownDevice(id) }
        let parsedAddresses = try addresses.map { text throws(PeerAddressError) in try PeerAddress(parsing: text) }

        let before = home.config.peers
        let verb: String
        if let index = home.config.peers.firstIndex(where: { $0.deviceID == id }) {
            var peer = home.config.peers[index]
            if let name {
                peer.name = name
            } else if peer.name.isEmpty, let discovered {
                peer.name = discovered.name
            }
            if !parsedAddresses.isEmpty { peer.addresses = parsedAddresses }
            home.config.peers[index] = peer
            verb = "Updated"
        } else {
            home.config.peers.append(
                PeerConfig(deviceID: id, name: name ?? discovered?.name ?? "", addresses: parsedAddresses))
            verb = "Added"
        }
        let peer = home.config.peer(id)!
        let label = peer.name.isEmpty ? "\(id)" : "\(peer.name) (\(id))"
        guard home.config.peers != before else {
            print("\(label) is already trusted as given; nothing changed.")
            return
        }
        print("\(verb) \(label)" + (byPrefix ? "; compare it with `shoal id` on that device." : "."))
        if !peer.addresses.isEmpty {
            print("Addresses: \(peer.addresses.map(\.description).joined(separator: ", "))")
        }
        try home.saveAndReload()
    }

    /// The device meant by `deviceID`, what the daemon discovered of it, and
    /// whether it was picked by a prefix.
    private func resolve(in home: ConfiguredHome) throws -> (DeviceID, DiscoveredPeer?, Bool) {
        let id: DeviceID
        do {
            id = try DeviceID(parsing: deviceID)
        } catch {
            guard case .wrongLength(_, let count) = error, count < DeviceIDPrefix.fullLength,
                let prefix = DeviceIDPrefix(deviceID)
            else { throw error }
            let (picked, match) = try pick(prefix, in: home)
            return (picked, match, true)
        }
        // Without --name, a discovered device lends its announced name.
        guard name == nil, home.config.peer(id)?.name.isEmpty ?? true,
            case .replied(let reply) = home.daemon.ask(.discovered)
        else { return (id, nil, false) }
        let match = reply.discovered?.first { (try? DeviceID(parsing: $0.deviceID)) == id }
        return (id, match, false)
    }

    /// The one discovered device whose ID starts with `prefix`.
    private func pick(_ prefix: DeviceIDPrefix, in home: ConfiguredHome) throws -> (DeviceID, DiscoveredPeer) {
        guard prefix.characters.count >= DeviceIDPrefix.minimumLength else {
            throw PeerError.prefixTooShort(prefix.text)
        }
        let discovered: [DiscoveredPeer]
        switch home.daemon.ask(.discovered) {
        case .notRunning:
            throw PeerError.prefixNeedsDaemon(prefix, home: home.home.path)
        case .unreachable(let error):
            throw error
        case .replied(let reply):
            if let error = reply.error { throw DaemonRefusal(request: .discovered, reason: error) }
            discovered = reply.discovered ?? []
        }
        let matches = discovered.filter { prefix.matches($0.deviceID) }
        guard let match = matches.first else { throw PeerError.prefixMatchesNothing(prefix.text) }
        guard matches.count == 1 else { throw PeerError.prefixAmbiguous(prefix.text, matches) }
        do {
            return (try DeviceID(parsing: match.deviceID), match)
        } catch {
            throw PeerError.badDiscoveredID(match.deviceID, error)
        }
    }
}
