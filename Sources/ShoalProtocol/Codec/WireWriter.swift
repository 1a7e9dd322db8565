import ShoalCrypto

/// Appends big-endian integers, length-prefixed strings and raw bytes to a
/// byte array, checking each length against its limit.
struct WireWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u16(_ value: UInt16) { integer(value) }

    mutating func u32(_ value: UInt32) { integer(value) }

    mutating func u64(_ value: UInt64) { integer(value) }

    mutating func i64(_ value: Int64) { integer(value) }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func raw(_ other: some Collection<UInt8>) { bytes.append(contentsOf: other) }

    mutating func hash(_ hash: ContentHash) { bytes.append(contentsOf: hash.bytes) }

    mutating func device(_ device: DeviceID) { bytes.append(contentsOf: device.rawBytes) }

    /// A `u16` length and the UTF-8 bytes of `text`.
    mutating func string(_ text: String, field: String, limit: Int) throws(MessageEncodingError) {
        let count = text.utf8.count
        guard count <= limit else { throw .limitExceeded(field: "\(field) length", count: count, limit: limit) }
        u16(UInt16(count))
        bytes.append(contentsOf: text.utf8)
    }

    /// A `u32` count, after checking it against `limit`.
    mutating func count(_ count: Int, field: String, limit: Int) throws(MessageEncodingError) {
        guard count <= limit else { throw .limitExceeded(field: "\(field) count", count: count, limit: limit) }
        u32(UInt32(count))
    }

    private mutating func integer<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
