import ShoalCrypto
import ShoalProtocol
import ShoalSync

/// Connections: which one the node uses, finding and dialing peers,
/// keepalives.
extension DaemonCore {
    /// The devices this one trusts.
    var trustedPeers: Set<DeviceID> { Set(config.peers.map(\.deviceID)) }

    func linkUp(_ link: PeerLink) {
        openLinks.insert(link.id)
        guard trustedPeers.contains(link.peer), !isStopping else {
            link.close(reason: isStopping ? "the device is shutting down" : "this device no longer trusts you")
            return
        }
        if let existing = current[link.peer] {
            // Both devices dialed: each keeps the connection opened by the
            // smaller device ID, so both keep the same one.
            let preferred = min(device, link.peer)
            if existing.initiator(local: device) == preferred, link.initiator(local: device) != preferred {
                link.close(reason: "duplicate connection")
                return
            }
            current[link.peer] = nil
            existing.close(reason: "replaced by a newer connection")
        }
        current[link.peer] = link
        lastHeard[link.id] = .now
        lastSent[link.id] = .now
        dialFailures[link.peer] = nil
        logger.info("connected to \(name(of: link.peer)) (\(link.peer.shortID)) at \(link.address)")
        feed(link.isRelay ? .relayConnected(link.peer) : .peerConnected(link.peer))
    }

    func linkDown(_ link: PeerLink) {
        openLinks.remove(link.id)
        lastHeard[link.id] = nil
        lastSent[link.id] = nil
        guard current[link.peer]?.id == link.id else { return }
        current[link.peer] = nil
        logger.info("disconnected from \(name(of: link.peer)) (\(link.peer.shortID)) at \(link.address)")
        feed(.peerDisconnected(link.peer))
        nextDial[link.peer] = .now + settings.dialBackoff.initial
    }

    func received(_ message: Message, on link: PeerLink) {
        guard current[link.peer]?.id == link.id else {
            logger.debug("ignoring \(message.kind) from \(link.peer.shortID) on a replaced connection")
            return
        }
        logger.debug("received \(message.kind) from \(link.peer.shortID)")
        lastHeard[link.id] = .now
        if case .response(let response) = message, case .success(let data) = response.result {
            bytesReceived[link.peer, default: 0] += Int64(data.count)
        }
        feed(.messageReceived(from: link.peer, message))
    }

    // MARK: - Finding and dialing peers

    func discovery(_ event: DiscoveryEvent, from method: String) {
        switch event {
        case .appeared(let found):
            guard found.id != device else { return }
            discovered[method, default: [:]][found.id] = found
            if trustedPeers.contains(found.id), current[found.id] == nil {
                // The larger ID waits a moment, so usually only one side dials.
                let wait = device < found.id ? Duration.zero : .seconds(1)
                nextDial[found.id] = min(nextDial[found.id] ?? .now + wait, .now + wait)
                dialDuePeers()
            }
        case .disappeared(let id):
            discovered[method]?[id] = nil
        case .stateChanged:
            break  // each method logs its own trouble, once
        }
    }

    /// Every address known for `peer`, IPv4 first.
    func addresses(of peer: DeviceID) -> [PeerAddress] {
        var all = Set(config.peer(peer)?.addresses ?? [])
        for devices in discovered.values { all.formUnion(devices[peer]?.addresses ?? []) }
        return all.sorted { a, b in
            let (a6, b6) = (a.host.contains(":"), b.host.contains(":"))
            return a6 == b6 ? a < b : !a6
        }
    }

    /// Dials each trusted peer that is not connected, has an address and
    /// whose backoff has passed.
    func dialDuePeers() {
        guard !isStopping else { return }
        let now = ContinuousClock.now
        for peer in trustedPeers.sorted() where current[peer] == nil && !dialing.contains(peer) {
            if let due = nextDial[peer], due > now { continue }
            let candidates = addresses(of: peer)
            guard !candidates.isEmpty else { continue }
            dialing.insert(peer)
            dial(peer, at: candidates)
        }
    }

    private func dial(_ peer: DeviceID, at candidates: [PeerAddress]) {
        let (transport, mailbox, linkID) = (transport, mailbox, links.take())
        Task {
            var failures: [String] = []
            for address in candidates {
                do {
                    try await PeerConnector.connect(
                        host: address.host, port: Int(address.port), expecting: peer, configuration: transport
                    ) { connection in
                        await PeerSession(connection: connection, initiatedLocally: true, linkID: linkID, mailbox: mailbox)
                            .run()
                    }
                    mailbox.yield(.dialFinished(peer, failure: nil))
                    return
                } catch {
                    failures.append("\(address): \(error)")
                }
            }
            mailbox.yield(.dialFinished(peer, failure: failures.joined(separator: "; ")))
        }
    }

    func dialFinished(_ peer: DeviceID, failure: String?) {
        dialing.remove(peer)
        guard let failure else { return }
        let failures = (dialFailures[peer] ?? 0) + 1
        dialFailures[peer] = failures
        let wait = settings.dialBackoff.delay(afterFailures: failures)
        nextDial[peer] = .now + wait
        // One line per peer at the first failure and then rarely, not every retry.
        if failures == 1 || failures.isMultiple(of: 20) {
            logger.info("cannot reach \(name(of: peer)) (\(peer.shortID)): \(failure); retrying in \(wait)")
        }
    }

    // MARK: - Keepalives

    /// Pings links that sent nothing for a while; closes links that heard
    /// nothing for too long (a peer gone without a word).
    func keepLinksAlive() {
        let now = ContinuousClock.now
        for link in current.values {
            if let heard = lastHeard[link.id], now - heard > settings.silenceLimit {
                logger.warning("closing the connection with \(link.peer.shortID) at \(link.address): silent for \(settings.silenceLimit)")
                link.close(reason: "no message for \(settings.silenceLimit)")
                continue
            }
            if let sent = lastSent[link.id], now - sent > settings.pingInterval {
                lastSent[link.id] = now
                link.send(.ping)
            }
        }
    }

    /// The name to show for `peer`: configured, else announced, else empty.
    func name(of peer: DeviceID) -> String {
        if let configured = config.peer(peer)?.name, !configured.isEmpty { return configured }
        if let link = current[peer], !link.peerName.isEmpty { return link.peerName }
        for devices in discovered.values { if let found = devices[peer], !found.name.isEmpty { return found.name } }
        return peer.shortID
    }
}
