import Foundation
public import Logging
import ShoalArchive
import ShoalCrypto
import ShoalIndex
import ShoalProtocol
import Synchronization

/// `shoal daemon`: runs the sync engine on real folders, real sockets and
/// the real clock until it is stopped.
///
/// It loads the home's identity and configuration, opens the index,
/// listens for peers, finds them through mDNS and configured addresses,
/// dials the trusted ones, watches and scans every folder, and answers the
/// CLI on the home's control socket. Every input goes through one mailbox to
/// one loop (`DaemonCore`), so the node sees events in one order.
public final class Daemon: Sendable {
    private let home: ShoalHome
    private let settings: DaemonSettings
    private let logger: Logger
    private let mailbox: AsyncStream<DaemonInput>.Continuation
    private let inputs: AsyncStream<DaemonInput>
    private let started = Mutex(false)

    /// Creates a daemon for `home`; nothing happens until `run()`.
    public init(home: ShoalHome, settings: DaemonSettings = DaemonSettings(), logger: Logger) {
        self.home = home
        self.settings = settings
        self.logger = logger
        (inputs, mailbox) = AsyncStream.makeStream(of: DaemonInput.self)
    }

    /// Runs until `stop()`; returns once every connection is closed.
    ///
    /// - Throws: `DaemonError` when the home cannot be used or the listen
    ///   address cannot be bound; nothing has started then.
    public func run() async throws {
        guard started.withLock({ isStarted in defer { isStarted = true }; return !isStarted }) else {
            throw DaemonError.alreadyRunning
        }
        let identity = try home.loadIdentity()
        let config = try ShoalConfig.load(from: home.configPath)
        let index: IndexDatabase
        do {
            index = try IndexDatabase(path: home.indexPath)
        } catch {
            throw DaemonError.index(home.indexPath, "\(error)")
        }
        let archive = try settings.isArchive ? openArchive(index: index) : nil
        let transport = TransportConfiguration(
            identity: identity,
            hello: Hello(
                deviceName: config.deviceName, client: "shoal \(ShoalVersion.current)",
                protocolVersions: Hello.supportedVersions, capabilities: archive == nil ? [.lz4] : [.lz4, .relay]),
            logger: logger)
        let wanted = settings.listen ?? config.listen
        let listener: PeerListener
        do {
            listener = try await PeerListener.bind(
                host: wanted.host, port: Int(wanted.port), trustedPeers: Set(config.peers.map(\.deviceID)),
                configuration: transport)
        } catch {
            throw DaemonError.cannotListen(wanted.description, "\(error)")
        }
        let listenAddress = PeerAddress(host: wanted.host, port: UInt16(listener.port))
        let mailbox = mailbox
        let control: ControlServer
        do {
            control = try await ControlServer.start(
                path: home.controlSocketPath,
                handler: { request in
                    await withCheckedContinuation { reply in mailbox.yield(.control(request, reply)) }
                }, logger: logger)
        } catch {
            await listener.close()
            throw error
        }
        let core = DaemonCore(
            identity: identity, home: home, config: config, index: index, transport: transport,
            listenAddress: listenAddress, settings: settings, archive: archive, logger: logger, mailbox: mailbox)
        let discovery = startDiscovery(config: config, identity: identity, port: listenAddress.port)
        core.onTrustChange = { listener.updateTrustedPeers($0) }
        core.onStaticAddressesChange = { discovery.staticMethod.update(devices: $0) }
        logger.info(
            "Shoal \(archive == nil ? "daemon" : "archive") for \(config.deviceName) (\(identity.deviceID)) listening on \(listenAddress); home \(home.path)")
        try await withThrowingDiscardingTaskGroup { group in
            let links = core.links
            group.addTask {
                try await listener.run { connection in
                    await PeerSession(connection: connection, initiatedLocally: false, linkID: links.take(), mailbox: mailbox)
                        .run()
                }
            }
            for method in discovery.methods {
                group.addTask {
                    for await event in method.events { mailbox.yield(.discovery(method: method.methodName, event)) }
                }
            }
            let ticker = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    mailbox.yield(.tick)
                }
            }
            core.start()
            for await input in inputs {
                core.handle(input)
                if core.isStopping { break }
            }
            for method in discovery.methods { method.stop() }
            await control.close()
            await listener.close()
            // Give the connections a moment to send their `Close`.
            let deadline = ContinuousClock.now + .seconds(3)
            if !core.openLinks.isEmpty {
                for await input in inputs {
                    switch input {
                    case .linkDown: core.handle(input)
                    case .control(_, let reply): reply.resume(returning: ControlReply(error: "the daemon is stopping"))
                    default: break
                    }
                    if core.openLinks.isEmpty || ContinuousClock.now >= deadline { break }
                }
            }
            ticker.cancel()
            group.cancelAll()
        }
        logger.info("Shoal daemon stopped")
    }

    /// Asks the daemon to stop: connections are closed with a reason, and
    /// `run()` returns. Safe from any thread, including a signal handler's queue.
    public func stop() {
        mailbox.yield(.stop)
    }

    /// Asks the daemon to read `config.json` again (as `shoal` commands do
    /// through the control socket). Safe from any thread.
    public func reload() {
        Task { [mailbox, logger] in
            let reply = await withCheckedContinuation { reply in mailbox.yield(.control(.reload, reply)) }
            if let error = reply.error { logger.error("configuration not reloaded: \(error)") }
        }
    }

    /// Opens the archive's block store and version history under the home.
    private func openArchive(index: IndexDatabase) throws -> ArchiveStore {
        let directory = home.archivePath
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            return ArchiveStore(
                index: index, history: try VersionHistory(path: directory + "/history.db"),
                blocks: try BlockStore(directory: directory + "/blocks"), clock: VersionStore.systemClock)
        } catch {
            throw DaemonError.archive(directory, "\(error)")
        }
    }

    private func startDiscovery(config: ShoalConfig, identity: DeviceIdentity, port: UInt16) -> DiscoveryMethods {
        let staticMethod = StaticDiscovery(devices: config.configuredDevices)
        var methods: [any Discovery] = [staticMethod]
        if !settings.isArchive, settings.mdns ?? config.mdns {
            methods.append(
                AvahiDiscovery(
                    configuration: .init(deviceID: identity.deviceID, deviceName: config.deviceName, port: port),
                    logger: logger))
        }
        for method in methods {
            do {
                try method.start()
            } catch {
                logger.error("discovery \(method.methodName) cannot run: \(error)")
            }
        }
        return DiscoveryMethods(staticMethod: staticMethod, methods: methods)
    }
}

/// The discovery methods a daemon runs.
private struct DiscoveryMethods {
    let staticMethod: StaticDiscovery
    let methods: [any Discovery]
}

/// Why the daemon could not start.
public enum DaemonError: Error, CustomStringConvertible {
    /// `run()` was called twice.
    case alreadyRunning
    /// The index could not be opened.
    case index(String, String)
    /// The listen address could not be bound.
    case cannotListen(String, String)
    /// The archive's storage could not be opened.
    case archive(String, String)

    public var description: String {
        switch self {
        case .alreadyRunning: "this daemon is already running"
        case .index(let path, let reason): "cannot open the index \(path): \(reason)"
        case .archive(let path, let reason): "cannot open the archive storage in \(path): \(reason)"
        case .cannotListen(let address, let reason):
            "cannot listen on \(address): \(reason); choose another with --listen HOST:PORT"
        }
    }
}
