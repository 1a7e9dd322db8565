import Logging
import ShoalArchive
import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol
import ShoalSync

/// The daemon's state and its reactions to inputs. Lives on the daemon's
/// loop task and is touched by nothing else: every other task reports to
/// it through the mailbox, which keeps the node's events in one order.
final class DaemonCore {
    let identity: DeviceIdentity
    let home: ShoalHome
    let index: IndexDatabase
    let logger: Logger
    let mailbox: AsyncStream<DaemonInput>.Continuation
    let transport: TransportConfiguration
    let links: LinkCounter
    let settings: DaemonSettings
    /// The archive's storage when running as `shoal archive`.
    let archive: ArchiveStore?
    /// The port the listener is bound to.
    let listenAddress: PeerAddress

    var config: ShoalConfig
    var node: SyncNode
    var folders: [FolderID: FolderRuntime] = [:]

    /// Every connection that is up, used or not.
    var openLinks: Set<UInt64> = []
    /// The connection the node uses for each peer.
    var current: [DeviceID: PeerLink] = [:]
    /// When each link last received and sent something, for keepalives.
    var lastHeard: [UInt64: ContinuousClock.Instant] = [:]
    var lastSent: [UInt64: ContinuousClock.Instant] = [:]
    /// Peers an outgoing connection is being made to (or is up with).
    var dialing: Set<DeviceID> = []
    /// Failed attempts in a row per peer, and when the next may start.
    var dialFailures: [DeviceID: Int] = [:]
    var nextDial: [DeviceID: ContinuousClock.Instant] = [:]
    /// What each discovery method last reported about each device.
    var discovered: [String: [DeviceID: DiscoveredDevice]] = [:]
    /// Block bytes moved per peer since the daemon started.
    var bytesReceived: [DeviceID: Int64] = [:]
    var bytesSent: [DeviceID: Int64] = [:]
    /// The node's running timers.
    var timers: [TimerID: Task<Void, Never>] = [:]
    /// Set once `stop` arrives.
    var isStopping = false
    /// When the archive last started a garbage collection, and whether one runs.
    var lastCollection: ContinuousClock.Instant?
    var isCollecting = false
    /// Called when the set of trusted peers changes (the listener's trust).
    var onTrustChange: (Set<DeviceID>) -> Void = { _ in }
    /// Called when the configured static addresses change.
    var onStaticAddressesChange: ([DiscoveredDevice]) -> Void = { _ in }

    init(
        identity: DeviceIdentity, home: ShoalHome, config: ShoalConfig, index: IndexDatabase,
        transport: TransportConfiguration, listenAddress: PeerAddress, settings: DaemonSettings, archive: ArchiveStore?,
        logger: Logger, mailbox: AsyncStream<DaemonInput>.Continuation
    ) {
        self.identity = identity
        self.home = home
        self.config = config
        self.index = index
        self.transport = transport
        self.listenAddress = listenAddress
        self.settings = settings
        self.archive = archive
        self.logger = logger
        self.mailbox = mailbox
        links = LinkCounter()
        node = SyncNode(
            identity: identity, configuration: config.nodeConfiguration(isRelay: archive != nil),
            store: archive ?? index, authenticator: transport.authenticator)
    }

    var device: DeviceID { identity.deviceID }

    /// Starts the node and the first scan of every folder.
    func start() {
        for folder in config.folders { folders[folder.id] = FolderRuntime(configuration: folder) }
        for runtime in folders.values { openFolder(runtime) }
        feed(.started)
        for id in folders.keys.sorted() { requestScan(id) }
        dialDuePeers()
    }

    /// Reacts to one input.
    func handle(_ input: DaemonInput) {
        switch input {
        case .node(let event):
            feed(event)
        case .linkUp(let link):
            linkUp(link)
        case .linkDown(let link):
            linkDown(link)
        case .received(let link, let message):
            received(message, on: link)
        case .dialFinished(let peer, let failure):
            dialFinished(peer, failure: failure)
        case .discovery(let method, let event):
            discovery(event, from: method)
        case .folderChanged(let id):
            requestScan(id)
        case .scanned(let id, let failure):
            scanned(id, failure: failure)
        case .tick:
            tick()
        case .collected:
            isCollecting = false
        case .control(let request, let reply):
            reply.resume(returning: answer(request))
        case .stop:
            stop()
        }
    }

    private func tick() {
        dialDuePeers()
        keepLinksAlive()
        rescanDueFolders()
        collectGarbageIfDue()
    }

    private func stop() {
        isStopping = true
        for link in current.values { link.close(reason: "the device is shutting down") }
        for timer in timers.values { timer.cancel() }
        timers = [:]
        for runtime in folders.values { runtime.stopWatching() }
    }
}
