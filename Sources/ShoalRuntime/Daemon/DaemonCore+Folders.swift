import ShoalCrypto
import ShoalModel
import ShoalSync

/// Folders: opening them, scans, and configuration reloads.
extension DaemonCore {
    /// Opens the folder for disk operations and starts watching it.
    func openFolder(_ runtime: FolderRuntime) {
        let known = runtime.problem
        guard runtime.open(index: index, archive: archive) else {
            // Once per problem, not at every retry.
            if let problem = runtime.problem, problem != known {
                logger.error("folder \(runtime.configuration.id): \(problem)")
            }
            return
        }
        if known != nil { logger.info("folder \(runtime.configuration.id) can be synced again") }
        if archive == nil { runtime.startWatching(logger: logger, mailbox: mailbox) }
    }

    /// Scans the folder now, or right after the scan that runs.
    func requestScan(_ id: FolderID) {
        guard let runtime = folders[id], !isStopping else { return }
        guard !runtime.isScanning else {
            runtime.scanAgain = true
            return
        }
        guard runtime.lanes != nil || reopen(runtime) else { return }
        guard archive == nil else {
            // An archive has no folder to scan: its index changes only through the engine.
            mailbox.yield(.scanned(id, failure: nil))
            return
        }
        if let problem = runtime.markerProblem(index: index) {
            logger.error("folder \(id): \(problem)")
            runtime.fail(problem)
            return
        }
        runtime.startScan(index: index, device: device, logger: logger, mailbox: mailbox)
    }

    /// Tries again to open a folder that could not be opened (a disk
    /// mounted later, a directory created).
    private func reopen(_ runtime: FolderRuntime) -> Bool {
        openFolder(runtime)
        return runtime.lanes != nil
    }

    func scanned(_ id: FolderID, failure: String?) {
        guard let runtime = folders[id] else { return }
        runtime.isScanning = false
        if let failure {
            logger.error("folder \(id): \(failure)")
            runtime.fail(failure)
        }
        feed(.scanFinished(id))
        if runtime.scanAgain { requestScan(id) }
    }

    /// Starts the periodic full scans that are due.
    func rescanDueFolders() {
        guard archive == nil else { return }
        let now = ContinuousClock.now
        for (id, runtime) in folders.sorted(by: { $0.key < $1.key }) where !runtime.isScanning {
            let interval = runtime.isWatched ? settings.rescanInterval : settings.degradedRescanInterval
            if let last = runtime.lastScan, now - last < interval { continue }
            requestScan(id)
        }
    }

    /// Reads `config.json` again and applies what changed: trusted peers,
    /// their addresses, folders and sharing. The device name and listen
    /// address take effect at the next start.
    ///
    /// - Returns: why the configuration could not be applied, or `nil`.
    func reload() -> String? {
        let new: ShoalConfig
        do {
            new = try ShoalConfig.load(from: home.configPath)
        } catch {
            return "\(error)"
        }
        let old = config
        config = new
        let trusted = trustedPeers
        onTrustChange(trusted)
        onStaticAddressesChange(new.configuredDevices)
        for (peer, link) in current.sorted(by: { $0.key < $1.key }) where !trusted.contains(peer) {
            logger.info("no longer trusting \(peer.shortID); closing the connection")
            link.close(reason: "this device no longer trusts you")
        }
        for folder in new.folders {
            if let runtime = folders[folder.id] {
                if runtime.configuration.path != folder.path || runtime.configuration.versions != folder.versions {
                    runtime.stopWatching()
                    folders[folder.id] = FolderRuntime(configuration: folder)
                    openFolder(folders[folder.id]!)
                } else {
                    runtime.configuration = folder
                }
            } else {
                folders[folder.id] = FolderRuntime(configuration: folder)
                openFolder(folders[folder.id]!)
            }
        }
        let kept = Set(new.folders.map(\.id))
        for id in folders.keys.sorted() where !kept.contains(id) {
            folders[id]?.stopWatching()
            folders[id] = nil
            do {
                try index.forget(id)
            } catch {
                logger.error("cannot remove folder \(id) from the index: \(error)")
            }
        }
        let isRelay = archive != nil
        if new.nodeConfiguration(isRelay: isRelay) != old.nodeConfiguration(isRelay: isRelay) || new.folders != old.folders {
            feed(.reconfigured(new.nodeConfiguration(isRelay: isRelay)))
            for id in kept.sorted() where old.folder(id) == nil { requestScan(id) }
        }
        logger.info("configuration reloaded: \(new.peers.count) peers, \(new.folders.count) folders")
        dialDuePeers()
        return nil
    }
}
