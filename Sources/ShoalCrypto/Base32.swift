/// RFC 4648 base32 (alphabet `A–Z2–7`) without padding, as used in device IDs.
enum Base32 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)

    /// Encodes `bytes`; the last character carries zero bits of padding.
    static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 8 + 4) / 5)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in bytes {
            buffer = buffer << 8 | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[Int(buffer >> UInt32(bits) & 31)])
            }
        }
        if bits > 0 { out.append(alphabet[Int(buffer << UInt32(5 - bits) & 31)]) }
        return out
    }

    /// The value of one base32 character, or `nil` if it is not one.
    static func value(of character: UInt8) -> Int? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(character - UInt8(ascii: "A"))
        case UInt8(ascii: "2")...UInt8(ascii: "7"): Int(character - UInt8(ascii: "2")) + 26
        default: nil
        }
    }

    /// Decodes values (each 0–31) into `byteCount` bytes.
    ///
    /// - Returns: `nil` when the padding bits past `byteCount` are not zero,
    ///   so every byte string has exactly one encoding.
    static func decode(values: [Int], byteCount: Int) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(byteCount)
        var buffer: UInt32 = 0
        var bits = 0
        for value in values {
            buffer = buffer << 5 | UInt32(value)
            bits += 5
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        guard out.count == byteCount, buffer & ((1 << UInt32(bits)) - 1) == 0 else { return nil }
        return out
    }
}

/// The Luhn mod N algorithm over base32 values, which catches every single
/// changed character and nearly every swap of two neighbours.
enum Luhn32 {
    /// The check value (0–31) for `values`.
    static func check(_ values: some Collection<Int>) -> Int {
        var sum = 0
        // Doubling starts from the rightmost value, as in the decimal Luhn.
        for (position, value) in values.reversed().enumerated() {
            let addend = position % 2 == 0 ? value * 2 : value
            sum += addend / 32 + addend % 32
        }
        return (32 - sum % 32) % 32
    }
}
