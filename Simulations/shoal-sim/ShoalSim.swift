import ArgumentParser
import Dispatch
import ShoalSimulation
import Synchronization

/// `shoal-sim`: runs seeded simulations of Shoal nodes and checks that they
/// converge and lose nothing.
@main
struct ShoalSim: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shoal-sim",
        abstract: "Run deterministic network simulations of Shoal and check every invariant.")

    @Option(help: "How many seeds to run.")
    var seeds = 100

    @Option(help: "The first seed.")
    var start: UInt64 = 1

    @Option(help: "Devices per simulation.")
    var nodes = 5

    @Option(help: "User edits per simulation.")
    var ops = 200

    @Option(help: "Seeds run in parallel (each seed is single-threaded and deterministic).")
    var jobs = 2

    @Flag(help: "Print each seed's trace digest and what happened in it.")
    var trace = false

    @Flag(help: "Print every event of every seed as it happens (use with --seeds 1 --jobs 1).")
    var verbose = false

    @Flag(help: "Sign index batches with real Ed25519 instead of the simulator's SHA-256 stand-in.")
    var ed25519 = false

    func validate() throws {
        guard seeds > 0 else { throw ValidationError("--seeds must be at least 1") }
        guard (2...32).contains(nodes) else { throw ValidationError("--nodes must be between 2 and 32") }
        guard ops >= 0 else { throw ValidationError("--ops must not be negative") }
        guard jobs > 0 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let options = (0..<seeds).map { SimulationOptions(seed: start + UInt64($0), nodes: nodes, operations: ops, verbose: verbose, ed25519: ed25519) }
        let results = Mutex<[SimulationResult?]>(Array(repeating: nil, count: seeds))
        let next = Atomic<Int>(0)
        let clock = ContinuousClock()
        let started = clock.now
        DispatchQueue.concurrentPerform(iterations: jobs) { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                guard index < options.count else { return }
                let result = Simulation.run(options[index])
                results.withLock { $0[index] = result }
            }
        }
        let elapsed = clock.now - started
        let all = results.withLock { $0.map { $0! } }
        var converged = 0
        for result in all {
            if trace {
                let stats = result.stats
                print(
                    "seed \(result.options.seed) digest \(result.traceDigest.prefix(16)) events \(stats.events) "
                        + "partitions \(stats.partitions) crashes \(stats.crashes) drops \(stats.drops) "
                        + "disk-faults \(stats.diskFaults) conflict-copies \(stats.conflictCopies) "
                        + "virtual \(Int(stats.virtualSeconds)) s")
            }
            if let failure = result.failure {
                print("seed \(result.options.seed) FAILED: \(failure)")
                print("  replay: \(result.replayCommand)")
            } else {
                converged += 1
            }
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(String(format: "%.1f seeds/s (%.1f s)", Double(seeds) / max(seconds, 1e-9), seconds))
        print("\(converged)/\(seeds) seeds converged")
        if converged != seeds { throw ExitCode.failure }
    }
}
