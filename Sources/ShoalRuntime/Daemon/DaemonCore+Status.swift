import ShoalCrypto
import ShoalModel
import ShoalSync

/// Answers to the CLI's control requests.
extension DaemonCore {
    func answer(_ request: ControlRequest) -> ControlReply {
        switch request {
        case .status:
            return ControlReply(status: status())
        case .reload:
            if let problem = reload() { return ControlReply(error: problem) }
            return .ok
        case .discovered:
            return ControlReply(discovered: untrustedDevices())
        }
    }

    /// This device, its folders and its peers, as `shoal status --json` shows them.
    func status() -> DaemonStatus {
        let folderReports = config.folders.map { folder in
            let runtime = folders[folder.id]
            let counts = node.status(of: folder.id) ?? FolderStatus()
            let conflicts = (try? index.liveEntryCount(in: folder.id, pathContaining: ConflictName.marker)) ?? 0
            let state: FolderActivity =
                if runtime?.problem != nil { .error }
                else if runtime?.isScanning == true { .scanning }
                else if counts.needFiles > 0 || counts.pulling > 0 { .syncing }
                else { .idle }
            return FolderReport(
                id: folder.id.rawValue, path: folder.path, type: folder.type.rawValue, state: state,
                error: runtime?.problem, files: counts.files, bytes: counts.bytes, needFiles: counts.needFiles,
                needBytes: counts.needBytes, conflicts: conflicts)
        }
        let peerReports = config.peers.map { peer in
            let link = current[peer.deviceID]
            return PeerReport(
                deviceID: peer.deviceID.description, name: name(of: peer.deviceID), connected: link != nil,
                // Where it listens when known; a connection it opened has a passing port.
                address: addresses(of: peer.deviceID).first?.description ?? link?.address,
                bytesReceived: bytesReceived[peer.deviceID] ?? 0, bytesSent: bytesSent[peer.deviceID] ?? 0)
        }
        return DaemonStatus(
            deviceID: device.description, name: config.deviceName, listen: listenAddress.description,
            folders: folderReports, peers: peerReports)
    }

    /// The devices mDNS found that this one does not trust, by device ID.
    func untrustedDevices() -> [DiscoveredPeer] {
        let trusted = trustedPeers
        var byID: [DeviceID: DiscoveredDevice] = [:]
        for (_, devices) in discovered.sorted(by: { $0.key < $1.key }) {
            for (id, found) in devices where !trusted.contains(id) && id != device && byID[id] == nil {
                byID[id] = found
            }
        }
        return byID.keys.sorted().map { id in
            let found = byID[id]!
            return DiscoveredPeer(deviceID: id.description, name: found.name, addresses: found.addresses.map(\.description))
        }
    }
}
