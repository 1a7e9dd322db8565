import ShoalModel
import ShoalProtocol
import ShoalSync

/// Driving the sync engine: events in, commands carried out.
extension DaemonCore {
    /// Hands `event` to the node and carries out what it asks, including
    /// the events that commands finishing at once produce, in order.
    func feed(_ event: NodeEvent) {
        var events = [event]
        while !events.isEmpty {
            let next = events.removeFirst()
            for command in node.handle(next) {
                if let immediate = execute(command) { events.append(immediate) }
            }
        }
    }

    /// Carries out one command.
    ///
    /// - Returns: an event that is already known (an operation done on the
    ///   spot), to be fed after the current ones.
    private func execute(_ command: NodeCommand) -> NodeEvent? {
        switch command {
        case .send(let peer, let message):
            guard let link = current[peer] else { return nil }
            if case .response(let response) = message, case .success(let data) = response.result {
                bytesSent[peer, default: 0] += Int64(data.count)
            }
            lastSent[link.id] = .now
            logger.debug("sending \(message.kind) to \(peer.shortID)")
            link.send(message)
        case .disconnect(let peer, let reason):
            guard let link = current[peer] else { return nil }
            logger.warning("closing the connection with \(peer.shortID) at \(link.address): \(reason)")
            link.close(reason: reason)
        case .disk(let token, let folder, let operation):
            return perform(operation, token: token, in: folder)
        case .scan(let folder):
            requestScan(folder)
        case .startTimer(let id, let delay):
            timers[id]?.cancel()
            let mailbox = mailbox
            timers[id] = Task {
                try? await Task.sleep(for: delay)
                guard !Task.isCancelled else { return }
                mailbox.yield(.node(.timerFired(id)))
            }
        case .log(.info, let text):
            logger.info("\(text)")
        case .log(.warning, let text):
            logger.warning("\(text)")
        }
        return nil
    }

    /// Starts a disk operation on the folder's lanes; its outcome comes back
    /// through the mailbox. `removeAllTemporaries` runs at once, before any
    /// other operation of the folder can start.
    private func perform(_ operation: DiskOperation, token: OperationToken, in folder: FolderID) -> NodeEvent? {
        guard let lanes = folders[folder]?.lanes else {
            let reason = folders[folder]?.problem ?? "folder \(folder) is not configured"
            return .diskOperationFinished(token, .failed(.io(reason)))
        }
        if operation == .removeAllTemporaries {
            return .diskOperationFinished(token, lanes.performNow(operation))
        }
        let mailbox = mailbox
        lanes.perform(operation) { outcome in
            mailbox.yield(.node(.diskOperationFinished(token, outcome)))
        }
        return nil
    }
}
