import Glibc

/// How a kept version is named in the version store:
/// `NAME~YYYYMMDD-HHMMSS-N`, beside the versions of its siblings under
/// `.shoal/versions/` plus the entry's directory.
///
/// - `YYYYMMDD-HHMMSS` is when it was kept, in UTC (not the file's mtime);
/// - `N` counts from 1 and makes versions kept in the same second distinct;
/// - a NAME too long to take the suffix within 255 bytes is cut at a whole
///   character and ends in `~` and 8 hex digits of its SHA-256, so two long
///   names that share their beginning do not mix their versions.
///
/// Sorting by (time, N) gives the order in which versions were kept. The
/// suffix without its `~` is the version's ID, which users type to restore
/// it. A stored name maps back to its file's name (`split`), except a cut
/// one (`mayBeCut`).
enum VersionName {
    /// The most versions kept of one path in one second.
    static let maxSequence = 9999
    /// Bytes the suffix `~YYYYMMDD-HHMMSS-NNNN` takes.
    private static let suffixBytes = 1 + 15 + 1 + 4

    /// The part of every stored name of `name`'s versions before the suffix.
    static func base(of name: Substring) -> String {
        let budget = 255 - suffixBytes
        guard name.utf8.count > budget else { return String(name) }
        return utf8Prefix(of: name, maxBytes: budget - 9) + "~" + shortHash(of: String(name))
    }

    /// The stored name of one version.
    static func name(base: String, storedAt seconds: Int64, sequence: Int) -> String {
        base + "~" + stamp(seconds) + "-" + String(sequence)
    }

    /// The time and sequence in `stored` when it is a version of `base`.
    static func parse(_ stored: String, base: String) -> (storedAt: Int64, sequence: Int)? {
        guard stored.hasPrefix(base + "~") else { return nil }
        let suffix = Array(stored.utf8.dropFirst(base.utf8.count + 1))
        // YYYYMMDD-HHMMSS-N…: 15 characters, a dash, 1 to 4 digits.
        guard suffix.count >= 17, suffix.count <= 20, suffix[8] == UInt8(ascii: "-"), suffix[15] == UInt8(ascii: "-")
        else { return nil }
        let digits = suffix[0..<8] + suffix[9..<15]
        guard let seconds = seconds(ofDigits: Array(digits)),
            let sequence = number(suffix[16...]), sequence >= 1
        else { return nil }
        return (seconds, sequence)
    }

    /// The ID a version is shown and chosen by: `YYYYMMDD-HHMMSS-N`, its
    /// stored name's suffix, unique among the versions of one path.
    static func id(storedAt seconds: Int64, sequence: Int) -> String {
        stamp(seconds) + "-" + String(sequence)
    }

    /// Whether `text` has the form of an ID (`YYYYMMDD-HHMMSS-N`, N from 1
    /// to `maxSequence`, a real date and time).
    static func isID(_ text: String) -> Bool {
        parse("~" + text, base: "") != nil
    }

    // MARK: - Mapping stored names back

    /// The base, time and sequence of any stored name: the base is what comes
    /// before the last `~`, since the suffix after it never has one.
    static func split(_ stored: String) -> (base: String, storedAt: Int64, sequence: Int)? {
        guard let tilde = stored.lastIndex(of: "~") else { return nil }
        let base = String(stored[..<tilde])
        guard !base.isEmpty, let (storedAt, sequence) = parse(stored, base: base) else { return nil }
        return (base, storedAt, sequence)
    }

    /// Whether `base` may be a long name cut by `base(of:)` rather than the
    /// name itself: from 200 to 234 bytes, ending in `~` and 8 lowercase hex
    /// digits. (A cut keeps the most whole characters that fit in 225 bytes,
    /// so it falls short of that by less than one character.)
    ///
    /// A cut name cannot be mapped back: only its start and a hash of the
    /// whole are stored. A real name of that form is taken for a cut one.
    static func mayBeCut(_ base: String) -> Bool {
        let bytes = Array(base.utf8)
        guard (200...(255 - suffixBytes)).contains(bytes.count) else { return false }
        let hash = bytes.suffix(9)
        let hexDigits = Array("0123456789abcdef".utf8)
        return hash.first == UInt8(ascii: "~") && hash.dropFirst().allSatisfy(hexDigits.contains)
    }

    // MARK: - UTC time stamps

    /// `YYYYMMDD-HHMMSS` in UTC. The corresponding C function is `gmtime_r`.
    static func stamp(_ seconds: Int64) -> String {
        var time = time_t(seconds)
        var parts = tm()
        gmtime_r(&time, &parts)
        return padded(Int(parts.tm_year) + 1900, 4) + padded(Int(parts.tm_mon) + 1, 2) + padded(Int(parts.tm_mday), 2)
            + "-" + padded(Int(parts.tm_hour), 2) + padded(Int(parts.tm_min), 2) + padded(Int(parts.tm_sec), 2)
    }

    /// ISO 8601 in UTC: `2026-11-24T06:33:36Z`.
    static func isoTimestamp(_ seconds: Int64) -> String {
        let digits = Array(stamp(seconds))
        let date = String(digits[0..<4]) + "-" + String(digits[4..<6]) + "-" + String(digits[6..<8])
        return date + "T" + String(digits[9..<11]) + ":" + String(digits[11..<13]) + ":" + String(digits[13..<15]) + "Z"
    }

    /// Seconds since the epoch for the 14 digits `YYYYMMDDHHMMSS` (UTC).
    /// The corresponding C function is `timegm`.
    private static func seconds(ofDigits digits: [UInt8]) -> Int64? {
        guard let year = number(digits[0..<4]), let month = number(digits[4..<6]), let day = number(digits[6..<8]),
            let hour = number(digits[8..<10]), let minute = number(digits[10..<12]),
            let second = number(digits[12..<14]),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month - 1)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(second)
        return Int64(timegm(&parts))
    }

    private static func number(_ digits: some Collection<UInt8>) -> Int? {
        guard !digits.isEmpty, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return nil
        }
        return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
