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
}
