import ShoalCrypto
import Testing

@testable import ShoalModel

@Suite struct VersionVectorTests {
    let a = device(1)
    let b = device(2)
    let c = device(3)

    @Test func emptyVectorsAreEqual() {
        #expect(VersionVector.empty.compare(to: .empty) == .equal)
    }

    @Test func aLocalChangeIsNewer() {
        let v1 = VersionVector.empty.incremented(for: a)
        let v2 = v1.incremented(for: a)
        #expect(v1.compare(to: .empty) == .newer)
        #expect(v2.compare(to: v1) == .newer)
        #expect(v1.compare(to: v2) == .older)
        #expect(v2.counter(for: a) == 2)
        #expect(v2.counter(for: b) == 0)
    }

    @Test func changesOnTwoDevicesFromOneBaseAreConcurrent() {
        let base = VersionVector.empty.incremented(for: a)
        let onA = base.incremented(for: a)
        let onB = base.incremented(for: b)
        #expect(onA.compare(to: onB) == .concurrent)
        #expect(onB.compare(to: onA) == .concurrent)
    }

    @Test func mergeDominatesBothSidesAndResolvesTheConflict() {
        let onA = VersionVector([.init(device: a, counter: 3), .init(device: c, counter: 1)])
        let onB = VersionVector([.init(device: b, counter: 2), .init(device: a, counter: 1)])
        let merged = onA.merged(with: onB)
        #expect(merged.entries.map(\.counter) == [3, 2, 1])
        #expect(merged.compare(to: onA) == .newer)
        #expect(merged.compare(to: onB) == .newer)
        let resolved = merged.incremented(for: b)
        #expect(resolved.compare(to: merged) == .newer)
    }

    @Test func entriesStaySortedWhateverTheInsertionOrder() {
        let v = VersionVector.empty.incremented(for: c).incremented(for: a).incremented(for: b)
        #expect(v.entries.map(\.device) == [a, b, c])
        #expect(v == VersionVector([.init(device: b, counter: 1), .init(device: a, counter: 1), .init(device: c, counter: 1)]))
    }

    @Test func zeroCountersAreDropped() {
        #expect(VersionVector([.init(device: a, counter: 0)]) == .empty)
    }

    /// Two vectors as `(device, counter)` entries, and how the first relates to the second.
    typealias Pair = (first: [(UInt8, UInt64)], second: [(UInt8, UInt64)], order: VersionOrder)

    /// Pairs compared both ways.
    static let pairs: [Pair] = [
        ([(1, 2), (3, 1)], [(3, 1), (1, 2)], .equal),
        ([(1, 1)], [], .newer),
        ([(1, 1)], [(2, 1)], .concurrent),
        ([(1, 2)], [(1, 1), (2, 1)], .concurrent),
        ([(1, 1), (2, 1)], [(1, 1)], .newer),
        ([(1, 1), (3, 1)], [(1, 1), (2, 1), (3, 1)], .older),
        ([(1, 1), (2, 5), (3, 1)], [(1, 1), (2, 4), (3, 1)], .newer),
        ([(1, 1), (2, 5), (3, 1)], [(1, 1), (2, 4), (3, 2)], .concurrent),
        ([(2, 1)], [(1, 1), (3, 1)], .concurrent),
    ]

    @Test(arguments: pairs)
    func comparesEveryShapeOfVectorsBothWays(_ pair: Pair) {
        let first = vector(pair.first)
        let second = vector(pair.second)
        let mirrored: VersionOrder =
            switch pair.order {
            case .newer: .older
            case .older: .newer
            case .equal, .concurrent: pair.order
            }
        #expect(first.compare(to: second) == pair.order)
        #expect(second.compare(to: first) == mirrored)
        #expect(first.compare(to: first) == .equal)
    }

    @Test(arguments: pairs)
    func mergeIsCommutativeIdempotentAndDominatesBoth(_ pair: Pair) {
        let first = vector(pair.first)
        let second = vector(pair.second)
        let merged = first.merged(with: second)
        #expect(merged == second.merged(with: first))
        #expect(merged.merged(with: merged) == merged)
        #expect(merged.merged(with: .empty) == merged)
        #expect([VersionOrder.equal, .newer].contains(merged.compare(to: first)))
        #expect([VersionOrder.equal, .newer].contains(merged.compare(to: second)))
        #expect((merged == first) == (pair.order != .older && pair.order != .concurrent))
    }

    private func vector(_ entries: [(UInt8, UInt64)]) -> VersionVector {
        VersionVector(entries.map { .init(device: device($0.0), counter: $0.1) })
    }
}

@Suite struct VersionCounterTests {
    /// A device that took another device's winning version lost its own
    /// entry; its next change must not reuse a counter it used before.
    @Test func aCounterNeverFallsBelowTheFloorGiven() {
        let winner = VersionVector([.init(device: device(2), counter: 4)])
        let next = winner.incremented(for: device(1), atLeast: 17)
        #expect(next.counter(for: device(1)) == 17)
        #expect(next.compare(to: winner) == .newer)
        #expect(next.incremented(for: device(1), atLeast: 3).counter(for: device(1)) == 18)
        #expect(VersionVector.empty.incremented(for: device(1)).counter(for: device(1)) == 1)
    }
}
