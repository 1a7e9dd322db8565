import ShoalCrypto
import ShoalModel

/// Reads big-endian integers, length-prefixed strings and raw bytes from a
/// message, checking every length against the bytes left and its limit
/// before anything is allocated.
struct WireReader {
    private let buffer: UnsafeRawBufferPointer
    private(set) var offset = 0

    init(_ buffer: UnsafeRawBufferPointer) {
        self.buffer = buffer
    }

    /// Bytes not yet read.
    var remaining: Int { buffer.count - offset }

    mutating func u8(_ field: String) throws(MessageDecodingError) -> UInt8 {
        try take(1, field)[0]
    }

    mutating func u16(_ field: String) throws(MessageDecodingError) -> UInt16 { try integer(field) }

    mutating func u32(_ field: String) throws(MessageDecodingError) -> UInt32 { try integer(field) }

    mutating func u64(_ field: String) throws(MessageDecodingError) -> UInt64 { try integer(field) }

    mutating func i64(_ field: String) throws(MessageDecodingError) -> Int64 { try integer(field) }

    mutating func bool(_ field: String) throws(MessageDecodingError) -> Bool {
        switch try u8(field) {
        case 0: false
        case 1: true
        case let other: throw .invalidValue(field: field, reason: "\(other) is not a boolean (0 or 1)")
        }
    }

    /// The next `count` bytes, as a view into the message.
    mutating func take(_ count: Int, _ field: String) throws(MessageDecodingError) -> UnsafeRawBufferPointer {
        guard count <= remaining else { throw .truncated(field: field, needed: count, available: remaining) }
        let slice = UnsafeRawBufferPointer(rebasing: buffer[offset..<offset + count])
        offset += count
        return slice
    }

    /// The next `count` bytes, copied into an array.
    mutating func bytes(_ count: Int, _ field: String) throws(MessageDecodingError) -> [UInt8] {
        Array(try take(count, field))
    }

    mutating func hash(_ field: String) throws(MessageDecodingError) -> ContentHash {
        let raw = try take(ContentHash.byteCount, field)
        // The length is right by construction, so this cannot throw.
        return try! ContentHash(bytes: raw)
    }

    mutating func device(_ field: String) throws(MessageDecodingError) -> DeviceID {
        let raw = try take(DeviceID.byteCount, field)
        return try! DeviceID(rawBytes: raw)
    }

    /// A `u16` length and that many bytes of valid UTF-8.
    mutating func string(_ field: String, limit: Int) throws(MessageDecodingError) -> String {
        let count = Int(try u16("\(field) length"))
        guard count <= limit else { throw .limitExceeded(field: "\(field) length", count: count, limit: limit) }
        let raw = try take(count, field)
        guard let text = String(validating: raw, as: UTF8.self) else {
            throw .invalidValue(field: field, reason: "not valid UTF-8")
        }
        return text
    }

    /// A `u32` count, checked against `limit` and against the bytes left
    /// (each element needs at least `minimumElementBytes`), so a hostile
    /// count cannot make the caller reserve memory for elements that are
    /// not there.
    mutating func count(_ field: String, limit: Int, minimumElementBytes: Int) throws(MessageDecodingError) -> Int {
        let count = Int(try u32("\(field) count"))
        guard count <= limit else { throw .limitExceeded(field: "\(field) count", count: count, limit: limit) }
        guard count * minimumElementBytes <= remaining else {
            throw .truncated(field: field, needed: count * minimumElementBytes, available: remaining)
        }
        return count
    }

    /// Throws unless every byte was read.
    func expectEnd(_ message: String) throws(MessageDecodingError) {
        guard remaining == 0 else { throw .trailingBytes(message: message, count: remaining) }
    }

    private mutating func integer<T: FixedWidthInteger>(_ field: String) throws(MessageDecodingError) -> T {
        let raw = try take(MemoryLayout<T>.size, field)
        var value = T.zero
        withUnsafeMutableBytes(of: &value) { $0.copyMemory(from: raw) }
        return T(bigEndian: value)
    }
}
