import ShoalIndex
import ShoalModel
import ShoalSync
import Testing

@testable import ShoalRuntime
@testable import ShoalSimulation

/// The real `FolderDisk` and the simulator's `SimDisk` answer one scripted
/// sequence of operations the same way, so what the simulator proves about
/// the engine holds on a real disk.
@Suite struct DiskContractTests {
    /// An outcome without what legitimately differs: real stats, and the
    /// words of an I/O error.
    enum Shape: Equatable {
        case done(hasStat: Bool)
        case data([UInt8])
        case failed(DiskError)

        init(_ outcome: DiskOutcome) {
            switch outcome {
            case .done(let stat): self = .done(hasStat: stat != nil)
            case .data(let bytes): self = .data(bytes)
            case .failed(.io): self = .failed(.io(""))
            case .failed(let error): self = .failed(error)
            }
        }
    }

    /// One step: the operation, built from the stats this disk reported so
    /// far, and the stat-cache entry to record from its outcome.
    struct Step: Sendable {
        let make: @Sendable ([String: LocalStat]) -> DiskOperation
        var records: [String] = []
        var expected: Shape
    }

    static func write(_ target: String, _ text: String) -> Step {
        Step(
            make: { _ in .writeTemporary(target: path(target), offset: 0, data: Array(text.utf8)) },
            expected: .done(hasStat: false))
    }

    static func commit(
        _ target: String, over expected: String?, keep: Bool = true, copy: String? = nil, _ shape: Shape
    ) -> Step {
        Step(
            make: { stats in
                .commitFile(
                    target: path(target), expected: expected.map { .file(stats[$0]!) } ?? .absent,
                    permissions: 0o644, modifiedNanoseconds: 1_700_000_000_000_000_000, keepReplaced: keep,
                    conflictCopy: copy.map(path))
            }, records: [target] + (copy.map { [$0] } ?? []), expected: shape)
    }

    static let script: [Step] = [
        Step(make: { _ in .removeAllTemporaries }, expected: .done(hasStat: false)),
        Step(
            make: { _ in .makeDirectory(path: path("d"), permissions: 0o755, expected: .absent) },
            expected: .done(hasStat: true)),
        write("d/a", "hello"),
        commit("d/a", over: nil, .done(hasStat: true)),
        Step(make: { _ in .readBlock(path: path("d/a"), offset: 1, size: 3) }, expected: .data(Array("ell".utf8))),
        Step(make: { _ in .readBlock(path: path("d/a"), offset: 3, size: 5) }, expected: .failed(.sourceChanged)),
        write("d/a", "world!"),
        commit("d/a", over: nil, .failed(.targetChanged)),
        Step(
            make: { .setPermissions(path: path("d/a"), permissions: 0o600, expected: .file($0["d/a"]!)) },
            expected: .done(hasStat: true)),
        commit("d/a", over: "d/a", copy: "d/a.conflict", .done(hasStat: true)),
        Step(
            make: { _ in .readBlock(path: path("d/a.conflict"), offset: 0, size: 5) },
            expected: .data(Array("hello".utf8))),
        write("d/a", "again"),
        commit("d/a", over: "d/a", copy: "d/a.conflict", .failed(.targetChanged)),
        Step(make: { _ in .discardTemporary(target: path("d/a")) }, expected: .done(hasStat: false)),
        Step(
            make: { _ in .makeSymlink(path: path("d/l"), target: "a", expected: .absent) },
            expected: .done(hasStat: true)),
        Step(
            make: { _ in .makeSymlink(path: path("d/l"), target: "b", expected: .symlink(target: "a")) },
            expected: .done(hasStat: true)),
        Step(
            make: { _ in .remove(path: path("d/l"), expected: .symlink(target: "a"), keepRemoved: false) },
            expected: .failed(.targetChanged)),
        Step(
            make: { _ in .remove(path: path("d"), expected: .directory, keepRemoved: false) },
            expected: .failed(.directoryNotEmpty)),
        Step(
            make: { .makeDirectory(path: path("d/a"), permissions: 0o700, expected: .file($0["d/a"]!)) },
            expected: .done(hasStat: true)),
        Step(
            make: { _ in .remove(path: path("d/a"), expected: .directory, keepRemoved: false) },
            expected: .done(hasStat: false)),
        Step(
            make: { _ in .remove(path: path("d/l"), expected: .symlink(target: "b"), keepRemoved: false) },
            expected: .done(hasStat: false)),
        Step(
            make: { .remove(path: path("d/a.conflict"), expected: .file($0["d/a.conflict"]!), keepRemoved: true) },
            expected: .done(hasStat: false)),
        Step(
            make: { _ in .remove(path: path("d"), expected: .directory, keepRemoved: false) },
            expected: .done(hasStat: false)),
        Step(
            make: { _ in .makeDirectory(path: path("x/y"), permissions: 0o755, expected: .absent) },
            expected: .failed(.io(""))),
        commit("empty", over: nil, .done(hasStat: true)),
        Step(make: { _ in .readBlock(path: path("empty"), offset: 0, size: 0) }, expected: .data([])),
    ]

    @Test func theRealDiskAndTheSimulatedOneAgree() throws {
        let folder = try FolderFixture()
        var simulated = SimDisk()
        var realStats: [String: LocalStat] = [:]
        var simulatedStats: [String: LocalStat] = [:]
        for (number, step) in Self.script.enumerated() {
            let stat = step.records.first.flatMap { realStats[$0] }
            let real = folder.disk.perform(step.make(realStats))
            let sim = simulated.perform(step.make(simulatedStats), fault: nil).outcome
            #expect(Shape(real) == step.expected, "step \(number): real \(real)")
            #expect(Shape(sim) == step.expected, "step \(number): simulated \(sim)")
            // A conflict copy keeps the replaced file's stat; the target gets the new one.
            if case .done(let new?) = real, let target = step.records.first {
                if step.records.count > 1 { realStats[step.records[1]] = stat }
                realStats[target] = new
            }
            if case .done(let new?) = sim, let target = step.records.first {
                if step.records.count > 1 { simulatedStats[step.records[1]] = simulatedStats[target] }
                simulatedStats[target] = new
            }
        }
        #expect(folder.temporaries().isEmpty)
        #expect(simulated.temporaries.isEmpty)
    }
}
