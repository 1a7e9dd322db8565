import ShoalCrypto
import ShoalRuntime

/// An initialised home with its identity and configuration loaded, for the
/// commands that read or edit `config.json`.
struct ConfiguredHome {
    let home: ShoalHome
    /// This device's ID.
    let deviceID: DeviceID
    /// The configuration as loaded, with the command's edits.
    var config: ShoalConfig

    /// Loads the home chosen by `options`.
    ///
    /// - Throws: `HomeError.notInitialized` before `shoal init`, or what is
    ///   wrong with the identity or the configuration.
    init(_ options: HomeOptions) throws(HomeError) {
        home = ShoalHome(path: options.home)
        deviceID = try home.loadIdentity().deviceID
        config = try ShoalConfig.load(from: home.configPath)
    }

    /// The daemon of this home.
    var daemon: DaemonLink { DaemonLink(home: home) }

    /// Writes the configuration atomically, then has a running daemon apply it.
    ///
    /// - Throws: `HomeError.config` when the file cannot be written; never
    ///   because the daemon is not running.
    func saveAndReload() throws(HomeError) {
        try config.save(to: home.configPath)
        daemon.reloadConfiguration()
    }

    /// How lists show a device: its peer name and short ID, else the short ID alone.
    func label(of device: DeviceID) -> String {
        if device == deviceID { return "this device (\(device.shortID))" }
        if let name = config.peer(device)?.name, !name.isEmpty { return "\(name) (\(device.shortID))" }
        return device.shortID
    }
}
