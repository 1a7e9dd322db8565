public import ShoalCrypto

/// A version vector: for each device that changed an entry, how many changes
/// it made. Comparing two vectors tells whether one version descends from the
/// other or whether they were made concurrently (a conflict).
///
/// Entries are kept sorted by device, so equal vectors are equal values and
/// iteration order never depends on hashing.
public struct VersionVector: Hashable, Sendable {
    /// One device's change counter.
    public struct Entry: Hashable, Sendable {
        /// The device that made the changes.
        public var device: DeviceID
        /// How many changes it made (always at least 1 in a stored vector).
        public var counter: UInt64

        /// Creates an entry.
        public init(device: DeviceID, counter: UInt64) {
            self.device = device
            self.counter = counter
        }
    }

    /// The entries, sorted by device, with no zero counters.
    public private(set) var entries: [Entry]

    /// The empty vector: no device has changed the entry.
    public static let empty = VersionVector(sortedEntries: [])

    /// Creates a vector from entries in any order.
    ///
    /// - Precondition: each device appears at most once.
    public init(_ entries: [Entry]) {
        let sorted = entries.filter { $0.counter > 0 }.sorted { $0.device < $1.device }
        for (a, b) in zip(sorted, sorted.dropFirst()) {
            precondition(a.device != b.device, "device \(a.device) appears twice in a version vector")
        }
        self.init(sortedEntries: sorted)
    }

    private init(sortedEntries: [Entry]) {
        entries = sortedEntries
    }

    /// The counter of `device`, zero if it never changed the entry.
    public func counter(for device: DeviceID) -> UInt64 {
        entries.first { $0.device == device }?.counter ?? 0
    }

    /// This vector with `device`'s counter advanced: the version after a
    /// change made on `device`. The new counter is one more than the old, or
    /// `atLeast` when that is higher.
    ///
    /// A device passes its change's local sequence number as `atLeast`, so
    /// its counters never repeat, even on a path whose vector lost this
    /// device's entry when it took another device's winning version:
    /// otherwise one counter could name two different changes.
    public func incremented(for device: DeviceID, atLeast minimum: UInt64 = 1) -> VersionVector {
        var copy = entries
        if let index = copy.firstIndex(where: { $0.device == device }) {
            copy[index].counter = max(copy[index].counter + 1, minimum)
        } else {
            let index = copy.firstIndex { device < $0.device } ?? copy.endIndex
            copy.insert(Entry(device: device, counter: max(1, minimum)), at: index)
        }
        return VersionVector(sortedEntries: copy)
    }

    /// The element-wise maximum: a version that has seen both.
    public func merged(with other: VersionVector) -> VersionVector {
        var result: [Entry] = []
        var left = entries[...]
        var right = other.entries[...]
        while let l = left.first, let r = right.first {
            if l.device == r.device {
                result.append(Entry(device: l.device, counter: max(l.counter, r.counter)))
                left = left.dropFirst()
                right = right.dropFirst()
            } else if l.device < r.device {
                result.append(l)
                left = left.dropFirst()
            } else {
                result.append(r)
                right = right.dropFirst()
            }
        }
        result.append(contentsOf: left)
        result.append(contentsOf: right)
        return VersionVector(sortedEntries: result)
    }

    /// How this vector relates to `other`.
    public func compare(to other: VersionVector) -> VersionOrder {
        var selfAhead = false
        var otherAhead = false
        var left = entries[...]
        var right = other.entries[...]
        while !(left.isEmpty && right.isEmpty) {
            let l = left.first
            let r = right.first
            if let l, let r, l.device == r.device {
                if l.counter > r.counter { selfAhead = true }
                if l.counter < r.counter { otherAhead = true }
                left = left.dropFirst()
                right = right.dropFirst()
            } else if let l, r == nil || l.device < r!.device {
                selfAhead = true
                left = left.dropFirst()
            } else {
                otherAhead = true
                right = right.dropFirst()
            }
        }
        switch (selfAhead, otherAhead) {
        case (false, false): return .equal
        case (true, false): return .newer
        case (false, true): return .older
        case (true, true): return .concurrent
        }
    }
}

/// The result of comparing two version vectors.
public enum VersionOrder: Sendable, Equatable {
    /// Both describe the same history.
    case equal
    /// The receiver has seen everything the other has, and more.
    case newer
    /// The other has seen everything the receiver has, and more.
    case older
    /// Each has changes the other has not seen: a conflict.
    case concurrent
}
