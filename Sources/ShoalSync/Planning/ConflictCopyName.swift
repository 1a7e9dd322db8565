/// What a conflict copy's file name says, read back from the form
/// `ConflictName` gives it: `NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.EXT`,
/// with `-HASH8` after the device when two copies needed telling apart.
public struct ConflictCopyName: Hashable, Sendable {
    /// The name of the file this is a losing version of, `NAME.EXT`, in the
    /// same directory. When the original name was too long for the suffix,
    /// `ConflictName` shortened its stem, and this is the shortened name.
    public var originalName: String
    /// When the losing version was modified, `YYYYMMDD-HHMMSS` in UTC, as in the name.
    public var timestamp: String
    /// The first 7 characters of the ID of the device that made the losing version.
    public var deviceShortID: String
    /// The 8 hex digits that tell this copy from another of the same device
    /// and second, if the name has them.
    public var variant: String?

    /// Reads one file name (a path component, not a path).
    ///
    /// - Returns: `nil` when `name` is not in the conflict copy form: no
    ///   marker, or one not followed by a valid UTC time, a 7-character
    ///   device and at most an extension.
    public init?(_ name: String) {
        // The marker may also occur in the original name; the suffix is the
        // last occurrence that reads whole.
        let bytes = Array(name.utf8)
        let marker = Array(ConflictName.marker.utf8)
        var start = bytes.count - marker.count
        while start >= 0 {
            if bytes[start..<start + marker.count].elementsEqual(marker),
                let parsed = Self(stem: bytes[..<start], suffix: bytes[(start + marker.count)...])
            {
                self = parsed
                return
            }
            start -= 1
        }
        return nil
    }

    /// The time as ISO 8601 in UTC: `2024-03-05T14:07:09Z`.
    public var isoTimestamp: String {
        let digits = Array(timestamp)
        let date = "\(String(digits[0..<4]))-\(String(digits[4..<6]))-\(String(digits[6..<8]))"
        return "\(date)T\(String(digits[9..<11])):\(String(digits[11..<13])):\(String(digits[13..<15]))Z"
    }

    /// Reads `YYYYMMDD-HHMMSS-DEVICE[-HASH8][.EXT]` after the marker.
    private init?(stem: ArraySlice<UInt8>, suffix: ArraySlice<UInt8>) {
        let bytes = Array(suffix)
        guard bytes.count >= 23, bytes[8] == UInt8(ascii: "-"), bytes[15] == UInt8(ascii: "-"),
            let date = Self.number(bytes[0..<8]), let time = Self.number(bytes[9..<15]),
            bytes[16..<23].allSatisfy(Self.isBase32)
        else { return nil }
        let (month, day) = (date / 100 % 100, date % 100)
        let (hour, minute, second) = (time / 10_000, time / 100 % 100, time % 100)
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60 else { return nil }

        var rest = bytes[23...]
        var variant: String?
        if rest.first == UInt8(ascii: "-") {
            let hash = rest.dropFirst().prefix(8)
            guard hash.count == 8, hash.allSatisfy(Self.isLowercaseHex) else { return nil }
            variant = String(decoding: hash, as: UTF8.self)
            rest = rest.dropFirst(9)
        }
        // The extension is what followed the original name's last dot.
        guard rest.isEmpty || (rest.first == UInt8(ascii: ".") && !rest.dropFirst().contains(UInt8(ascii: "."))) else {
            return nil
        }
        let original = String(decoding: stem + rest, as: UTF8.self)
        guard !original.isEmpty else { return nil }
        originalName = original
        timestamp = String(decoding: bytes[0..<15], as: UTF8.self)
        deviceShortID = String(decoding: bytes[16..<23], as: UTF8.self)
        self.variant = variant
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }

    private static func isBase32(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "2")...UInt8(ascii: "7")).contains(byte)
    }

    private static func isLowercaseHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }
}
