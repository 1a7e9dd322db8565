import ShoalCrypto
public import ShoalModel

/// The name a losing version of a file is kept under:
/// `NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.EXT`, from the loser's
/// modification time (UTC) and the first 7 characters of the ID of the
/// device that made it.
///
/// Everything in the name comes from the losing record, so every device that
/// keeps the same loser picks the same name, and their copies (same content)
/// merge into one.
public enum ConflictName {
    /// The marker every conflict copy's name carries.
    public static let marker = ".sync-conflict-"

    /// The conflict copy's path for the losing record `loser`, in the same
    /// directory. The stem is shortened when the name or the whole path would
    /// pass its length limit.
    ///
    /// - Parameter distinct: when the plain name is taken by other content
    ///   (two losers of one device in the same second), adds the first 8 hex
    ///   digits of a hash of the loser's blocks after the device:
    ///   `NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICE-1a2b3c4d.EXT`, still the
    ///   same on every device.
    ///
    /// - Throws: `PathError.tooLong` or `.componentTooLong` when even the
    ///   marker, time, device and extension do not fit (a directory within a
    ///   few dozen bytes of the path limit, an extension of over 200 bytes).
    public static func path(for loser: FileRecord, distinct: Bool = false) throws(PathError) -> RelativePath {
        let name = String(loser.path.name)
        let dot = name.lastIndex(of: ".").flatMap { $0 == name.startIndex ? nil : $0 }
        let stem = dot.map { String(name[..<$0]) } ?? name
        let ext = dot.map { String(name[$0...]) } ?? ""
        let variant = distinct ? "-" + ContentHash.of(loser.blocks.flatMap(\.hash.bytes)).hex.prefix(8) : ""
        let suffix = marker + timestamp(loser.modifiedNanoseconds) + "-" + loser.modifiedBy.shortID + variant + ext
        let parentBytes = loser.path.parent.map { $0.string.utf8.count + 1 } ?? 0
        let nameBudget = min(RelativePath.maxComponentByteCount, RelativePath.maxByteCount - parentBytes)
        var shortStem = Substring(stem)
        while shortStem.utf8.count + suffix.utf8.count > nameBudget, !shortStem.isEmpty {
            shortStem = shortStem.dropLast()
        }
        let copyName = String(shortStem) + suffix
        // A name in the loser's directory with only ASCII added and whole
        // characters removed: it fails only the length limits, when the
        // suffix alone passes them.
        guard let parent = loser.path.parent else { return try RelativePath(copyName) }
        return try parent.appending(copyName)
    }

    /// Whether `path` names a conflict copy.
    public static func isConflictCopy(_ path: RelativePath) -> Bool {
        path.name.contains(marker)
    }

    /// `YYYYMMDD-HHMMSS` in UTC for nanoseconds since the Unix epoch.
    static func timestamp(_ nanoseconds: Int64) -> String {
        let seconds = nanoseconds >= 0 ? nanoseconds / 1_000_000_000 : (nanoseconds + 1) / 1_000_000_000 - 1
        let days = seconds >= 0 ? seconds / 86_400 : (seconds + 1) / 86_400 - 1
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        return pad(year, 4) + pad(month, 2) + pad(day, 2) + "-" + pad(secondOfDay / 3600, 2)
            + pad(secondOfDay / 60 % 60, 2) + pad(secondOfDay % 60, 2)
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01
    /// (Howard Hinnant's days-to-civil algorithm).
    static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
