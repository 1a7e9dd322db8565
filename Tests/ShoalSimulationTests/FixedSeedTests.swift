import ShoalSimulation
import Testing

/// The fixed seeds `swift test` runs on every change: 120 histories of 3 to
/// 5 nodes with concurrent edits, partitions, crashes, dropped connections
/// and disk faults, each of which must converge with every invariant holding.
@Suite struct FixedSeedTests {
    static let batches = [1...30, 31...60, 61...90, 91...120] as [ClosedRange<UInt64>]

    /// The last batch signs index batches with real Ed25519, the others with
    /// the simulator's faster stand-in.
    @Test(arguments: batches)
    func everySeedConvergesAndLosesNothing(_ seeds: ClosedRange<UInt64>) {
        var total = SimulationStats()
        for seed in seeds {
            let options = SimulationOptions(
                seed: seed, nodes: 3 + Int(seed % 3), operations: 60, ed25519: seeds == Self.batches.last)
            let result = Simulation.run(options)
            #expect(result.failure == nil, "seed \(seed): \(result.failure ?? "")\n  replay: \(result.replayCommand)")
            total.partitions += result.stats.partitions
            total.crashes += result.stats.crashes
            total.diskFaults += result.stats.diskFaults
            total.conflictCopies += result.stats.conflictCopies
            total.drops += result.stats.drops
        }
        // The batch exercised what it claims to: a quiet batch proves little.
        #expect(total.partitions >= 5, "partitions: \(total.partitions)")
        #expect(total.crashes >= 5, "crashes: \(total.crashes)")
        #expect(total.diskFaults >= 5, "disk faults: \(total.diskFaults)")
        #expect(total.conflictCopies >= 5, "conflict copies: \(total.conflictCopies)")
        #expect(total.drops >= 1, "dropped connections: \(total.drops)")
    }

    @Test func theSameSeedGivesTheSameTrace() {
        let options = SimulationOptions(seed: 7, nodes: 4, operations: 60)
        let first = Simulation.run(options)
        let second = Simulation.run(options)
        #expect(first.traceDigest == second.traceDigest)
        #expect(first.stats == second.stats)
        let other = Simulation.run(SimulationOptions(seed: 8, nodes: 4, operations: 60))
        #expect(other.traceDigest != first.traceDigest)
    }

    @Test func aFailureNamesItsReplayCommand() {
        let result = Simulation.run(SimulationOptions(seed: 42, nodes: 3, operations: 0))
        #expect(result.failure == nil)
        #expect(result.replayCommand == "swift run -c release shoal-sim --seeds 1 --start 42 --nodes 3 --ops 0 --trace")
    }
}
