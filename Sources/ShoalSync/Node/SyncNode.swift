public import ShoalCrypto
public import ShoalModel
public import ShoalProtocol

/// One device's sync engine: a state machine with no I/O of its own.
///
/// Events go in through `handle(_:)`; the commands that come out say what to
/// send, what to do on disk and when to be woken. The runtime drives it with
/// real sockets and files, the simulator with simulated ones; the node cannot
/// tell the difference. It reads no clock, draws no random numbers and starts
/// no tasks. Its one synchronous dependency is its local index (`FolderStore`).
///
/// Not thread-safe: one caller at a time, in event order.
public struct SyncNode: Sendable {
    /// This device.
    public let identity: DeviceIdentity
    /// What the node syncs and its bounds; changed by `reconfigured`.
    public internal(set) var configuration: NodeConfiguration
    let store: any FolderStore
    let authenticator: any IndexBatchAuthenticator

    var folders: [FolderID: FolderState] = [:]
    var peers: [DeviceID: PeerState] = [:]
    var operations: [OperationToken: PendingOperation] = [:]
    var nextToken: UInt64 = 1
    var connections: UInt64 = 0
    var output: [NodeCommand] = []

    /// This device's ID.
    public var device: DeviceID { identity.deviceID }

    /// Creates a node; it does nothing until it handles `.started`.
    public init(
        identity: DeviceIdentity, configuration: NodeConfiguration, store: any FolderStore,
        authenticator: any IndexBatchAuthenticator
    ) {
        self.identity = identity
        self.configuration = configuration
        self.store = store
        self.authenticator = authenticator
    }

    /// Handles one event.
    ///
    /// - Returns: the commands to carry out, in order.
    public mutating func handle(_ event: NodeEvent) -> [NodeCommand] {
        switch event {
        case .started:
            start()
        case .peerConnected(let peer):
            connect(peer, isRelay: false)
        case .relayConnected(let peer):
            connect(peer, isRelay: true)
        case .peerDisconnected(let peer):
            disconnect(peer)
        case .messageReceived(let peer, let message):
            receive(message, from: peer)
        case .scanFinished(let folder):
            readLocalChanges(folder)
            wake(folder)  // what waited for the scan is tried again
        case .diskOperationFinished(let token, let outcome):
            finish(token, outcome)
        case .timerFired(.retryPulls(let folder)):
            folders[folder]?.retryScheduled = false
            wake(folder, forgettingFailures: true)
        case .revertLocalChanges(let folder):
            revertLocalChanges(folder)
        case .reconfigured(let configuration):
            reconfigure(configuration)
        }
        for folder in folders.keys.sorted() { plan(folder) }
        defer { output = [] }
        return output
    }

    // MARK: - Lifecycle

    private mutating func start() {
        folders = [:]
        peers = [:]
        operations = [:]
        for configuration in configuration.folders.sorted(by: { $0.id < $1.id }) {
            open(configuration)
        }
    }

    /// Loads the index of a folder the node starts syncing and asks for its
    /// stale temporary files to be removed.
    mutating func open(_ configuration: FolderConfiguration) {
        var folder = FolderState(configuration: configuration)
        if let records = attempt("read the index of \(configuration.id)", { try $0.records(in: configuration.id) }) {
            for record in records.sorted(by: { $0.sequence < $1.sequence }) { folder.setLocal(record) }
        }
        folders[configuration.id] = folder
        perform(.removeAllTemporaries, in: configuration.id, for: .housekeeping)
    }

    private mutating func connect(_ peer: DeviceID, isRelay: Bool) {
        disconnect(peer)  // a new connection replaces one the node was not told had closed
        connections += 1
        peers[peer] = PeerState(connection: connections, isRelay: isRelay)
        offerFolders(to: peer)
    }

    /// Sends `peer` the folders shared with it and how far this device has
    /// seen its index of each, then looks at those folders again.
    mutating func offerFolders(to peer: DeviceID) {
        let shared = folders.values.filter { $0.configuration.devices.contains(peer) }.sorted { $0.id < $1.id }
        // A relay passes on other devices' batches: it is told how far each was seen.
        let isRelay = peers[peer]?.isRelay == true
        let offers = shared.map { folder in
            let authors = isRelay ? Set(folder.remote.keys).union([peer]).sorted() : [peer]
            return SharedFolder(
                folder: folder.id,
                indexProgress: authors.map { AuthorSequence(author: $0, sequence: folder.remote[$0]?.through ?? 0) },
                isSendOnly: folder.configuration.type == .sendOnly)
        }
        output.append(.send(to: peer, .clusterConfig(ClusterConfig(folders: offers))))
        for folder in shared { wake(folder.id, forgettingFailures: true) }
    }

    private mutating func revertLocalChanges(_ id: FolderID) {
        guard let folder = folders[id], folder.configuration.type == .receiveOnly else {
            output.append(.log(.warning, "only a receive-only folder has local changes to revert; \(id) is not one"))
            return
        }
        let changed = folder.local.values.filter { isLocalChange($0, in: folder) }.map(\.path)
        folders[id]?.reverting.formUnion(changed)
        folders[id]?.dirty.formUnion(changed)
    }

    private mutating func disconnect(_ peer: DeviceID) {
        guard let state = peers.removeValue(forKey: peer) else { return }
        // Ties between pulls are broken by folder, path and request ID, never
        // left to dictionary order, which differs from process to process.
        let requests = state.requests.values.sorted {
            ($0.index, $0.folder, $0.path, $0.id) < ($1.index, $1.folder, $1.path, $1.id)
        }
        for request in requests {
            releaseRequest(request, from: peer, failed: false)
        }
        wakeWindowWaiters()
    }

    private mutating func receive(_ message: Message, from peer: DeviceID) {
        guard peers[peer] != nil else { return }
        switch message {
        case .clusterConfig(let config): receiveClusterConfig(config, from: peer)
        case .indexBatch(let batch): receiveIndexBatch(batch, from: peer)
        case .request(let request): serve(request, for: peer)
        case .response(let response): receiveResponse(response, from: peer)
        case .hello, .progress, .ping, .close: break
        }
    }

    // MARK: - Helpers

    /// Asks for a disk operation and remembers what its outcome is for.
    ///
    /// - Returns: the operation's token.
    @discardableResult
    mutating func perform(_ operation: DiskOperation, in folder: FolderID, for pending: PendingOperation) -> OperationToken {
        let token = OperationToken(nextToken)
        nextToken += 1
        operations[token] = pending
        output.append(.disk(token, folder, operation))
        return token
    }

    /// Runs `body`; a thrown error becomes a warning and `nil`.
    mutating func attempt<T>(_ what: String, _ body: (any FolderStore) throws -> T) -> T? {
        do {
            return try body(store)
        } catch {
            output.append(.log(.warning, "cannot \(what): \(error)"))
            return nil
        }
    }

    /// Looks again at every waiting path and pull of `folder`; when
    /// `forgettingFailures`, sources that failed before are tried again.
    mutating func wake(_ folder: FolderID, forgettingFailures: Bool = false) {
        guard var state = folders[folder] else { return }
        state.dirty.formUnion(state.waiting)
        state.dirty.formUnion(state.waitingForWindow)
        state.waiting = []
        state.waitingForWindow = []
        for path in state.pulls.keys.sorted() {
            state.dirty.insert(path)
            guard forgettingFailures else { continue }
            for index in state.pulls[path]!.blocks.indices {
                state.pulls[path]!.blocks[index].failedPeers = []
                state.pulls[path]!.blocks[index].localFailed = false
            }
        }
        folders[folder] = state
    }

    /// Starts the retry timer of `folder` unless it runs already.
    mutating func scheduleRetry(_ folder: FolderID) {
        guard folders[folder]?.retryScheduled == false else { return }
        folders[folder]?.retryScheduled = true
        output.append(.startTimer(.retryPulls(folder), after: configuration.limits.retryDelay))
    }
}
