extension RetentionPolicy {
    /// Seconds in a day.
    static let day: Int64 = 86_400
    /// Seconds in a week.
    static let week: Int64 = 7 * day
    /// 1970-01-01 was a Thursday: weeks start four days later, on a Monday.
    static let weekOrigin: Int64 = 4 * day

    /// The ids of the versions of one path that the policy drops at `now`
    /// (seconds since the epoch), in ascending order.
    ///
    /// `versions` are all the kept versions of one path, in any order. A
    /// version's age is `now - storedAt`; buckets are calendar days and
    /// weeks (UTC), so the version that survives a bucket — the newest in
    /// it by `(storedAt, id)`, whatever zone the others of the bucket are
    /// in — stays the same as time passes: thinning never drops a version
    /// it will later wish it had kept. Pure and deterministic.
    ///
    /// Never drops the current version (the one marked current, or the
    /// highest id if none is), nor the last live version of a path whose
    /// current version is a tombstone, unless `trashDays` have passed since
    /// the deletion: then every other version of the path is dropped.
    public func versionsToDrop(_ versions: [StoredVersion], now: Int64) -> [Int64] {
        guard let current = versions.first(where: \.isCurrent) ?? versions.max(by: { $0.id < $1.id }) else {
            return []
        }
        var protected: Set<Int64> = [current.id]
        if current.isDeleted {
            if let trashDays, now - current.storedAt >= Int64(trashDays) * Self.day {
                return versions.map(\.id).filter { $0 != current.id }.sorted()
            }
            if let lastLive = versions.filter({ !$0.isDeleted }).max(by: { $0.id < $1.id }) {
                protected.insert(lastLive.id)
            }
        }

        let newestOfDay = Self.newest(of: versions) { Self.floorDivide($0.storedAt, Self.day) }
        let newestOfWeek = Self.newest(of: versions) { Self.floorDivide($0.storedAt - Self.weekOrigin, Self.week) }
        var dropped: [Int64] = []
        for version in versions where !protected.contains(version.id) {
            let age = now - version.storedAt
            let kept: Bool
            if age < Int64(keepAllDays) * Self.day {
                kept = true
            } else if age < Int64(dailyDays) * Self.day {
                kept = newestOfDay.contains(version.id)
            } else {
                kept = newestOfWeek.contains(version.id)
            }
            if !kept { dropped.append(version.id) }
        }
        return dropped.sorted()
    }

    /// The ids of the newest version, by `(storedAt, id)`, in each bucket.
    private static func newest(of versions: [StoredVersion], bucket: (StoredVersion) -> Int64) -> Set<Int64> {
        var newest: [Int64: StoredVersion] = [:]
        for version in versions {
            let key = bucket(version)
            if let other = newest[key], (other.storedAt, other.id) > (version.storedAt, version.id) { continue }
            newest[key] = version
        }
        return Set(newest.values.map(\.id))
    }

    /// `a / b` rounded towards negative infinity, for times before the epoch.
    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}
