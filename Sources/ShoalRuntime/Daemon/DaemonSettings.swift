/// How the daemon runs, beyond what `config.json` says.
public struct DaemonSettings: Sendable {
    /// Where to listen instead of the configured address (`--listen`).
    public var listen: PeerAddress?
    /// Whether to use mDNS; `nil` follows the configuration (`--no-mdns` sets `false`).
    public var mdns: Bool?
    /// How often every folder is scanned in full, as a safety net behind the watcher.
    public var rescanInterval: Duration
    /// How often a folder whose watcher is missing or degraded is scanned.
    public var degradedRescanInterval: Duration
    /// How long a connection may stay silent before a `Ping` is sent.
    public var pingInterval: Duration
    /// How long a connection may receive nothing before it is closed.
    public var silenceLimit: Duration
    /// The waits between attempts to reach a peer that cannot be reached.
    public var dialBackoff: RetryBackoff
    /// Whether to run as an archive node (`shoal archive`): no working
    /// folders, every version kept in the home's block store and history,
    /// signed index batches passed on between devices, no mDNS.
    public var isArchive: Bool
    /// How often an archive thins old versions and removes unreferenced blocks.
    public var collectionInterval: Duration = .seconds(3600)

    /// The defaults.
    public init(
        listen: PeerAddress? = nil, mdns: Bool? = nil, rescanInterval: Duration = .seconds(60),
        degradedRescanInterval: Duration = .seconds(10), pingInterval: Duration = .seconds(30),
        silenceLimit: Duration = .seconds(90),
        dialBackoff: RetryBackoff = RetryBackoff(initial: .milliseconds(500), maximum: .seconds(30)), isArchive: Bool = false
    ) {
        self.listen = listen
        self.mdns = mdns
        self.rescanInterval = rescanInterval
        self.degradedRescanInterval = degradedRescanInterval
        self.pingInterval = pingInterval
        self.silenceLimit = silenceLimit
        self.dialBackoff = dialBackoff
        self.isArchive = isArchive
    }
}
