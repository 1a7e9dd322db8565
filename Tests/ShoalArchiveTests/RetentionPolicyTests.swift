import Foundation
import ShoalModel
import ShoalTestSupport
import Testing

@testable import ShoalArchive

@Suite struct RetentionPolicyTests {
    /// Monday 2024-01-01 00:00 UTC; "now" is noon that day.
    static let monday: Int64 = 1_704_067_200
    static let now = monday + 12 * 3600

    /// When: `day` days after `monday` (negative: before), at `hour` UTC.
    struct When: Sendable, CustomStringConvertible {
        var day: Int64
        var hour: Int64
        var time: Int64 { RetentionPolicyTests.monday + day * 86_400 + hour * 3600 }
        var description: String { "day \(day) \(hour):00" }
    }

    /// One row of the table: versions as (id, when, flags), the ids dropped.
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var policy = RetentionPolicy.default
        var versions: [(id: Int64, when: When, current: Bool, deleted: Bool)]
        var dropped: [Int64]
        var testDescription: String { name }
    }

    static func v(_ id: Int64, _ day: Int64, _ hour: Int64, current: Bool = false, deleted: Bool = false)
        -> (id: Int64, when: When, current: Bool, deleted: Bool)
    {
        (id, When(day: day, hour: hour), current, deleted)
    }

    static let cases: [Case] = [
        Case(name: "nothing to thin", versions: [], dropped: []),
        Case(name: "a single old version is current", versions: [v(1, -900, 3, current: true)], dropped: []),
        Case(
            name: "everything younger than keep_all_days is kept",
            versions: [v(1, -29, 13), v(2, -29, 14), v(3, -1, 1), v(4, 0, 9), v(5, 0, 10, current: true)],
            dropped: []),
        Case(
            name: "one a day (the newest) between 30 and 90 days",
            versions: [
                v(1, -60, 8), v(2, -60, 9), v(3, -60, 23),  // one day: keep 3
                v(4, -59, 0),  // alone in its day
                v(5, -31, 1), v(6, -31, 2),  // keep 6
                v(7, -2, 5, current: true),
            ],
            dropped: [1, 2, 5]),
        Case(
            name: "exactly 30 days old is thinned, just younger is not",
            versions: [v(1, -30, 11), v(2, -30, 12), v(3, -30, 13), v(4, 0, 1, current: true)],
            // At noon on day 0: version 2 and 1 are 30 days old or more, 3 is not.
            dropped: [1, 2]),
        Case(
            name: "one a week (Monday to Sunday, the newest) after 90 days",
            versions: [
                v(1, -105, 10), v(2, -101, 10), v(3, -100, 10), v(4, -99, 23),  // Mon..Sun of one week: keep 4
                v(5, -106, 10),  // the Sunday before: its own week
                v(6, -403, 1), v(7, -402, 1),  // Thursday and Friday of a week long ago: keep 7
                v(8, -5, 5, current: true),
            ],
            dropped: [1, 2, 3, 6]),
        Case(
            name: "a week that straddles 90 days is represented by its newest version",
            // Week of day -91 (Mon -91 .. Sun -85): -91 is weekly zone, -88 is daily zone.
            versions: [v(1, -91, 10), v(2, -88, 10), v(3, 0, 1, current: true)],
            dropped: [1]),
        Case(
            name: "the current version is kept even when the clock went back",
            versions: [v(1, -100, 10), v(2, -100, 17), v(3, -100, 9, current: true)],
            dropped: [1]),
        Case(
            name: "equal times: the higher id is the newest",
            versions: [v(1, -50, 10), v(2, -50, 10), v(3, 0, 1, current: true)],
            dropped: [1]),
        Case(
            name: "the last live version of a deleted file is kept",
            versions: [v(1, -100, 8), v(2, -100, 9), v(3, -100, 17, current: true, deleted: true)],
            dropped: [1]),
        Case(
            name: "only the last live version counts, not older ones or old tombstones",
            versions: [
                v(1, -200, 8), v(2, -200, 9, deleted: true), v(3, -200, 10), v(4, -200, 11, deleted: true),
                v(5, -150, 1), v(6, -150, 2, current: true, deleted: true),
            ],
            dropped: [1, 2, 3]),
        Case(
            name: "trash_days: a file deleted longer ago loses its history",
            policy: try! RetentionPolicy(trashDays: 30),
            versions: [v(1, -50, 8), v(2, -41, 9), v(3, -40, 0, current: true, deleted: true)],
            dropped: [1, 2]),
        Case(
            name: "trash_days: a file deleted more recently keeps its last live version",
            policy: try! RetentionPolicy(trashDays: 30),
            versions: [v(1, -50, 8), v(2, -50, 9), v(3, -20, 0, current: true, deleted: true)],
            dropped: [1]),
        Case(
            name: "trash_days does not touch a live file",
            policy: try! RetentionPolicy(trashDays: 0),
            versions: [v(1, -50, 8), v(2, -50, 9), v(3, -20, 10, current: true)],
            dropped: [1]),
        Case(
            name: "keep_all 0, daily 0: one a week from the start",
            policy: try! RetentionPolicy(keepAllDays: 0, dailyDays: 0),
            // Friday and Saturday of last week, and the Sunday before it.
            versions: [v(1, -3, 1), v(2, -2, 1), v(3, -8, 1), v(4, 0, 1, current: true)],
            dropped: [1]),
    ]

    @Test(arguments: cases)
    func thinning(_ row: Case) {
        let versions = row.versions.map { Self.stored($0.id, at: $0.when.time, current: $0.current, deleted: $0.deleted) }
        #expect(row.policy.versionsToDrop(versions, now: Self.now) == row.dropped)
        #expect(row.policy.versionsToDrop(versions.reversed(), now: Self.now) == row.dropped, "order must not matter")
    }

    /// Thinning now and thinning later gives what thinning later would have
    /// given: a version dropped early is never one the later rule keeps.
    @Test(arguments: 0..<200)
    func thinningIsStableOverTime(seed: Int) {
        var random = SplitMix64(seed: UInt64(seed))
        func below(_ bound: UInt64) -> Int64 { Int64(random.next() % bound) }
        var time = Self.monday - 3 * 365 * 86_400
        let count = Int(below(40)) + 1
        let versions = (1...count).map { id in
            time += below(15 * 86_400)
            return Self.stored(Int64(id), at: time, current: id == count, deleted: below(5) == 0)
        }
        let policies = [RetentionPolicy.default, try! RetentionPolicy(keepAllDays: 3, dailyDays: 10, trashDays: 60)]
        let policy = policies[Int(below(2))]
        let first = time + below(400 * 86_400)
        let later = first + below(400 * 86_400)

        let thinnedEarly = versions.filter { !Set(policy.versionsToDrop(versions, now: first)).contains($0.id) }
        let keptLater = Set(versions.map(\.id)).subtracting(policy.versionsToDrop(versions, now: later))
        let keptAfterBoth = Set(thinnedEarly.map(\.id)).subtracting(policy.versionsToDrop(thinnedEarly, now: later))
        #expect(keptAfterBoth == keptLater)
        #expect(keptLater.contains(Int64(count)), "the current version is kept")
        if versions.last!.isDeleted, policy.trashDays == nil, let live = versions.last(where: { !$0.isDeleted }) {
            #expect(keptLater.contains(live.id), "a deleted file's last live version is kept")
        }
    }

    // MARK: - Configuration

    @Test func policiesAreReadFromSnakeCaseJSON() throws {
        let policy = try JSONDecoder().decode(
            RetentionPolicy.self, from: Data(#"{"keep_all_days": 7, "daily_days": 60, "trash_days": 365}"#.utf8))
        #expect(policy == (try RetentionPolicy(keepAllDays: 7, dailyDays: 60, trashDays: 365)))
        #expect(try JSONDecoder().decode(RetentionPolicy.self, from: Data("{}".utf8)) == .default)
        #expect(
            try JSONDecoder().decode(RetentionPolicy.self, from: Data(#"{"daily_days": 120}"#.utf8))
                == RetentionPolicy(dailyDays: 120))

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(policy), as: UTF8.self)
        #expect(json == #"{"daily_days":60,"keep_all_days":7,"trash_days":365}"#)
    }

    @Test func policiesThatMakeNoSenseAreRefused() {
        #expect(throws: RetentionPolicyError.dailyBeforeKeepAll(keepAllDays: 30, dailyDays: 10)) {
            try RetentionPolicy(dailyDays: 10)
        }
        #expect(throws: RetentionPolicyError.negative(field: "trash_days", value: -1)) {
            try RetentionPolicy(trashDays: -1)
        }
        #expect {
            try JSONDecoder().decode(RetentionPolicy.self, from: Data(#"{"keep_all_days": -3}"#.utf8))
        } throws: { error in
            "\(error)".contains("keep_all_days must be 0 or more days, not -3")
        }
    }

    // MARK: - Helpers

    static func stored(_ id: Int64, at time: Int64, current: Bool, deleted: Bool) -> StoredVersion {
        StoredVersion(
            id: id, record: Fixtures.file("f", counter: UInt64(id), deleted: deleted), storedAt: time, isCurrent: current)
    }
}
