import ArgumentParser
import ShoalCrypto
import ShoalRuntime

/// `shoal peer remove DEVICE_ID`: stop trusting a device.
struct PeerRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        abstract: "Stop trusting a device, and stop sharing every folder with it.")

    @OptionGroup var homeOptions: HomeOptions

    @Argument(help: "The device: its ID, its name, or the start of its ID.")
    var deviceID: String

    func run() throws {
        var home = try ConfiguredHome(homeOptions)
        let id = try TrustedPeerReference.resolve(deviceID, in: home.config)
        guard let peer = home.config.peer(id) else { throw PeerError.notTrusted(id) }
        home.config.peers.removeAll { $0.deviceID == id }
        var unshared: [String] = []
        for index in home.config.folders.indices where home.config.folders[index].devices.contains(id) {
            home.config.folders[index].devices.removeAll { $0 == id }
            unshared.append(home.config.folders[index].id.rawValue)
        }
        let label = peer.name.isEmpty ? "\(id)" : "\(peer.name) (\(id))"
        print(
            "Removed \(label)"
                + (unshared.isEmpty ? "." : "; no longer sharing \(unshared.joined(separator: ", ")) with it."))
        try home.saveAndReload()
    }
}
