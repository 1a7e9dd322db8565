public import ShoalModel

/// Picks the version of a path every device converges on, and decides what
/// one device must do to get there. Pure functions of the records: every
/// device that knows the same records decides the same way.
public enum Resolution {
    /// The winning record among the known versions of one path.
    ///
    /// Only versions no other version descends from can win. Among several
    /// such concurrent versions: an existing entry beats a deletion ("modify
    /// beats delete"), then the later modification time, then the greater
    /// author device ID, then the greater version vector, so that every device
    /// picks the same winner.
    ///
    /// - Returns: `nil` for no records.
    public static func winner(of records: [FileRecord]) -> FileRecord? {
        let candidates = newest(of: records)
        return candidates.max(by: ranksBelow)
    }

    /// The records no other record's version descends from, one per version.
    public static func newest(of records: [FileRecord]) -> [FileRecord] {
        var result: [FileRecord] = []
        for record in records {
            if result.contains(where: { $0.version == record.version }) { continue }
            if records.contains(where: { $0.version.compare(to: record.version) == .newer }) { continue }
            result.append(record)
        }
        return result
    }

    /// Whether `a` loses to `b` when both are concurrent versions of a path.
    static func ranksBelow(_ a: FileRecord, _ b: FileRecord) -> Bool {
        if a.isDeleted != b.isDeleted { return a.isDeleted }
        if a.modifiedNanoseconds != b.modifiedNanoseconds { return a.modifiedNanoseconds < b.modifiedNanoseconds }
        if a.modifiedBy != b.modifiedBy { return a.modifiedBy < b.modifiedBy }
        return a.version.entries.lexicographicallyPrecedes(b.version.entries) { x, y in
            x.device != y.device ? x.device < y.device : x.counter < y.counter
        }
    }

    /// What a device holding `local` must do so its path matches `winner`.
    public static func decision(local: FileRecord?, winner: FileRecord) -> Decision {
        // A deletion is recorded even where the entry never was, so this
        // device passes it on and an older copy elsewhere cannot come back.
        guard let local else { return .apply(conflict: false) }
        switch winner.version.compare(to: local.version) {
        case .equal, .older:
            return .nothing
        case .newer:
            return .apply(conflict: false)
        case .concurrent:
            if local.hasSameContent(as: winner) { return .merge }
            // The local version lost. Its content survives as a conflict copy
            // when there is content to keep; a lost deletion needs nothing.
            let keepsContent = !local.isDeleted && local.kind == .file && !winner.isDeleted
            return .apply(conflict: keepsContent)
        }
    }

    /// What a device must do about one path.
    public enum Decision: Hashable, Sendable {
        /// The local record is the winner, or newer than it.
        case nothing
        /// Make the local entry the winner's; when `conflict`, first keep the
        /// local file as a conflict copy.
        case apply(conflict: Bool)
        /// Same content as the winner, concurrent version: record the merged
        /// version, no change on disk.
        case merge
    }
}
