import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol
import ShoalSync

/// The simulated world of one run: nodes, a network, a clock and a queue.
struct World {
    enum Event {
        case workload(step: Int)
        case scan(node: Int, incarnation: Int)
        case diskEffect(node: Int, incarnation: Int, OperationToken, DiskOperation)
        case diskNotify(node: Int, incarnation: Int, OperationToken, DiskOutcome)
        case deliver(from: Int, to: Int, connection: UInt64, Message)
        case connect(Int, Int)
        case timer(node: Int, incarnation: Int, TimerID, generation: Int)
        case crash(Int)
        case restart(Int)
        case partition
        case healPartition
        case healAll
    }

    struct Connection {
        let id: UInt64
        /// When the last message sent from the lower- and higher-numbered side arrives.
        var lastArrival: [SimTime] = [0, 0]
    }

    static let folder = try! FolderID("sim")
    static let millisecond: SimTime = 1_000_000
    /// How long after healing the nodes have to converge and go quiet.
    static let settleTime: SimTime = 600_000 * millisecond

    let options: SimulationOptions
    var random: SimRandom
    var queue = EventQueue<Event>()
    var now: SimTime = 0
    var nodes: [SimNode] = []
    var nodeByDevice: [DeviceID: Int] = [:]
    let configuration: NodeConfiguration
    let scanner: [SimScanner]
    let workload: Workload
    var connections: [Int: Connection] = [:]
    var nextConnectionID: UInt64 = 1
    var latency: [[SimTime]] = []
    /// Partition group of each node, or `nil` when the network is whole.
    var groups: [Int]?
    var chaos = true
    /// When the network healed and chaos stopped.
    var healedAt: SimTime?
    var stats = SimulationStats()
    var trace: [UInt8] = []
    var failure: String?
    /// Every version a scan recorded (tombstones too), by path: what the
    /// invariants check conflict losers against.
    var history: [RelativePath: [FileRecord]] = [:]
    /// File contents sync removed from a tree without keeping them.
    var discarded: [ContentHash] = []
    var recentLog: [String] = []

    init(options: SimulationOptions) {
        self.options = options
        random = SimRandom(seed: options.seed)
        var nodes: [SimNode] = []
        for number in 0..<options.nodes {
            let identity = try! DeviceIdentity(seed: random.bytes(32))
            nodes.append(
                SimNode(
                    number: number, identity: identity, index: try! IndexDatabase.inMemory(),
                    clockSkew: random.inRange(-5_000...5_000) * Self.millisecond))
        }
        self.nodes = nodes
        for node in nodes { nodeByDevice[node.device] = node.number }
        configuration = NodeConfiguration(
            folders: [FolderConfiguration(id: Self.folder, devices: Set(nodes.map(\.device)))])
        let chunker = Chunker(parameters: try! ChunkerParameters(minSize: 128, averageSize: 512, maxSize: 2048))
        scanner = nodes.map { SimScanner(folder: Self.folder, device: $0.device, chunker: chunker) }
        workload = Workload(random: &random)
        latency = (0..<options.nodes).map { _ in (0..<options.nodes).map { _ in 0 } }
        for a in 0..<options.nodes {
            for b in a + 1..<options.nodes {
                let value = random.inRange(1...30) * Self.millisecond / 2
                latency[a][b] = value
                latency[b][a] = value
            }
        }
    }

    // MARK: - Running

    mutating func run() -> SimulationResult {
        for node in nodes { record("\(node.name) is \(node.device.shortID)") }
        for number in nodes.indices { restart(number) }
        queue.schedule(.workload(step: 0), at: 10 * Self.millisecond)
        while failure == nil, let (time, event) = queue.pop() {
            if let healedAt, time > healedAt + Self.settleTime {
                failure = "the nodes did not settle within \(Self.settleTime / 60_000_000_000) minutes of healing"
                break
            }
            now = time
            stats.events += 1
            process(event)
        }
        stats.virtualSeconds = Double(now) / 1e9
        if failure == nil { failure = Invariants(world: self).firstViolation() }
        if let failure, !recentLog.isEmpty {
            self.failure = failure + "\n  last log lines:\n    " + recentLog.suffix(12).joined(separator: "\n    ")
        }
        return SimulationResult(options: options, traceDigest: ContentHash.of(trace).hex, failure: failure, stats: stats)
    }

    /// Hands `event` to a running node's engine and carries out its commands.
    mutating func handle(_ number: Int, _ event: NodeEvent) {
        guard var engine = nodes[number].engine else { return }
        let commands = engine.handle(event)
        nodes[number].engine = engine
        for command in commands { execute(command, on: number) }
    }

    mutating func record(_ line: String) {
        trace.append(contentsOf: "\(now) \(line)\n".utf8)
        if options.verbose { print("\(now / 1000) µs \(line)") }
    }

    mutating func scheduleScan(_ number: Int, after delay: SimTime) {
        guard !nodes[number].scanScheduled else { return }
        nodes[number].scanScheduled = true
        queue.schedule(.scan(node: number, incarnation: nodes[number].incarnation), at: now + delay)
    }

    mutating func restart(_ number: Int) {
        guard !nodes[number].isUp else { return }
        nodes[number].engine = SyncNode(
            identity: nodes[number].identity, configuration: configuration, store: nodes[number].index,
            authenticator: options.ed25519 ? SignedIndexBatches() : SimulatedSignatures())
        nodes[number].diskBusyUntil = now
        nodes[number].fullScanDue = true
        handle(number, .started)
        scheduleScan(number, after: Self.millisecond)
        for other in nodes.indices where other != number { scheduleConnect(number, other) }
    }
}
