/// What one simulated run does.
public struct SimulationOptions: Hashable, Sendable {
    /// The seed every random choice of the run derives from.
    public var seed: UInt64
    /// How many devices share the folder.
    public var nodes: Int
    /// How many user edits the workload makes before the network heals.
    public var operations: Int
    /// Print every trace line and engine log line as it happens (for replaying one seed).
    public var verbose = false
    /// Sign index batches with real Ed25519 (`SignedIndexBatches`) instead
    /// of the simulator's SHA-256 stand-in, which is about a third faster.
    public var ed25519 = false

    /// Creates options.
    public init(seed: UInt64, nodes: Int = 5, operations: Int = 200, verbose: Bool = false, ed25519: Bool = false) {
        self.seed = seed
        self.nodes = nodes
        self.operations = operations
        self.verbose = verbose
        self.ed25519 = ed25519
    }
}

/// What happened in a run.
public struct SimulationStats: Hashable, Sendable {
    /// World events processed.
    public var events = 0
    /// Partitions of the network (each later healed).
    public var partitions = 0
    /// Node crashes (each followed by a restart).
    public var crashes = 0
    /// Connections dropped at random or by an engine's request.
    public var drops = 0
    /// Disk operations failed on purpose.
    public var diskFaults = 0
    /// Conflict copies made.
    public var conflictCopies = 0
    /// Virtual seconds the run lasted.
    public var virtualSeconds = 0.0

    /// All zero.
    public init() {}
}

/// The outcome of one run.
public struct SimulationResult: Sendable {
    /// The options it ran with.
    public let options: SimulationOptions
    /// A digest of every event in order: equal for equal seeds.
    public let traceDigest: String
    /// The first invariant that did not hold, or `nil` when all did.
    public let failure: String?
    /// What happened.
    public let stats: SimulationStats

    /// The command that runs this seed again.
    public var replayCommand: String {
        "swift run -c release shoal-sim --seeds 1 --start \(options.seed) --nodes \(options.nodes) --ops \(options.operations)"
            + (options.ed25519 ? " --ed25519" : "") + " --trace"
    }
}

/// Runs deterministic simulations of Shoal nodes syncing one folder.
public enum Simulation {
    /// Runs one seed: chaos (edits on several nodes, partitions, crashes,
    /// dropped connections, disk faults), then healing, then the invariants.
    ///
    /// Single-threaded and deterministic: the same options give the same
    /// trace digest and result. Different runs may go on different threads.
    public static func run(_ options: SimulationOptions) -> SimulationResult {
        var world = World(options: options)
        return world.run()
    }
}
