import ArgumentParser
import Foundation
import ShoalCrypto
import ShoalRuntime

/// `shoal init`: make this device's identity and configuration.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create this device's identity and configuration (safe to run again).")

    @OptionGroup var homeOptions: HomeOptions

    @Option(help: "A name for this device, shown to peers (default: the host name).")
    var name: String?

    func run() throws {
        let home = ShoalHome(path: homeOptions.home)
        if home.isInitialized {
            let identity = try home.loadIdentity()
            if let name {
                var config = try ShoalConfig.load(from: home.configPath)
                config.deviceName = name
                try config.save(to: home.configPath)
            }
            print("Already initialised in \(home.path).")
            print("Device ID: \(identity.deviceID)")
            return
        }
        try home.create()
        let identity = DeviceIdentity.generate()
        try home.saveIdentity(identity)
        let config = ShoalConfig(deviceName: name ?? ProcessInfo.processInfo.hostName)
        try config.save(to: home.configPath)
        print("Initialised \(home.path) for \"\(config.deviceName)\".")
        print("Device ID: \(identity.deviceID)")
    }
}

/// `shoal id`: print this device's ID.
struct IdCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "id", abstract: "Print this device's ID, to give to the devices it should sync with.")

    @OptionGroup var homeOptions: HomeOptions

    func run() throws {
        print(try ShoalHome(path: homeOptions.home).loadIdentity().deviceID)
    }
}
