import ShoalCrypto
import ShoalModel
import Testing

@testable import ShoalSimulation

/// The invariants can fail: each test runs a seed to convergence, breaks
/// one thing a faulty engine could break, and expects the checker to say so.
@Suite struct InvariantTests {
    /// A converged world of three nodes with files in it.
    static func convergedWorld() -> World {
        var world = World(options: SimulationOptions(seed: 3, nodes: 3, operations: 40))
        let result = world.run()
        #expect(result.failure == nil, "\(result.failure ?? "")")
        return world
    }

    static func someFile(in world: World) throws -> RelativePath {
        try #require(world.nodes[1].disk.tree.keys.sorted().first { world.nodes[1].disk.tree[$0]!.kind == .file })
    }

    @Test func aFileThatDiffersOnOneNodeIsCaught() throws {
        var world = Self.convergedWorld()
        let path = try Self.someFile(in: world)
        world.nodes[1].disk[path]!.content += [1]
        #expect(Invariants(world: world).firstViolation()?.contains("the index disagrees with the disk at \(path)") == true)
    }

    @Test func aLeftoverTemporaryFileIsCaught() throws {
        var world = Self.convergedWorld()
        world.nodes[2].disk.temporaries[try RelativePath("f0.txt")] = [1, 2, 3]
        #expect(Invariants(world: world).firstViolation()?.contains("still has temporary files") == true)
    }

    @Test func contentSyncDiscardedIsCaughtWhenNoCopyRemains() throws {
        var world = Self.convergedWorld()
        world.discarded.append(ContentHash.of([9, 9, 9]))
        #expect(Invariants(world: world).firstViolation()?.contains("exists nowhere any more") == true)
    }

    @Test func aConflictLoserKeptNowhereIsCaught() throws {
        var world = Self.convergedWorld()
        let path = try Self.someFile(in: world)
        let final = try #require(try world.nodes[0].index.record(in: World.folder, at: path))
        // A version nobody superseded, concurrent with the final one, whose
        // bytes are on no node: what turning conflict copies off produces.
        var loser = final
        loser.version = VersionVector([.init(device: try DeviceID(rawBytes: [UInt8](repeating: 5, count: 32)), counter: 1)])
        loser.blocks = [BlockRef(hash: ContentHash.of([7]), size: 1)]
        world.history[path, default: []].append(loser)
        #expect(Invariants(world: world).firstViolation()?.contains("lost a conflict and is kept nowhere") == true)
    }

    @Test func aNodeLeftBehindIsCaught() throws {
        var world = Self.convergedWorld()
        let path = try Self.someFile(in: world)
        world.nodes[2].disk[path] = nil
        #expect(Invariants(world: world).firstViolation() != nil)
    }
}
