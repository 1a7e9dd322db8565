import ShoalCrypto

/// What a device announces about itself in the TXT record of its `_shoal._tcp`
/// service: `id=<device ID>` and `name=<device name>`.
///
/// Reading follows DNS-SD (RFC 6763 section 6): each string is `key=value`,
/// keys are compared without regard to ASCII case, the first occurrence of a
/// key counts, and strings with an empty key are ignored.
struct ServiceAnnouncement: Equatable, Sendable {
    /// The most bytes one TXT string may hold.
    static let maximumStringLength = 255
    /// The most bytes of a DNS-SD service instance name (one DNS label).
    static let maximumServiceNameLength = 63

    /// The device ID the service claims.
    var deviceID: DeviceID
    /// The device name, if the service gave a readable one.
    var deviceName: String?

    init(deviceID: DeviceID, deviceName: String?) {
        self.deviceID = deviceID
        self.deviceName = deviceName
    }

    // MARK: - Writing

    /// The TXT strings to publish; a long name is cut at a character boundary
    /// so that `name=…` fits in one TXT string.
    var txtStrings: [[UInt8]] {
        var strings = [Array("id=\(deviceID)".utf8)]
        if let deviceName, !deviceName.isEmpty {
            let room = Self.maximumStringLength - "name=".utf8.count
            strings.append(Array("name=\(Self.truncated(deviceName, toUTF8Bytes: room))".utf8))
        }
        return strings
    }

    /// `text` cut to at most `limit` bytes of UTF-8 without splitting a character.
    static func truncated(_ text: String, toUTF8Bytes limit: Int) -> String {
        var result = ""
        var used = 0
        for character in text {
            let size = character.utf8.count
            guard used + size <= limit else { break }
            result.append(character)
            used += size
        }
        return result
    }

    // MARK: - Reading

    /// Reads the announcement from a service's TXT strings.
    ///
    /// - Throws: `ServiceAnnouncementError` when `id` is missing, has no value,
    ///   or is not a valid device ID. A missing or unreadable `name` is not an
    ///   error: `deviceName` is then `nil`.
    init(txtStrings: [[UInt8]]) throws(ServiceAnnouncementError) {
        let pairs = Self.keyValuePairs(txtStrings)
        guard let idPair = pairs["id"] else { throw .missingID }
        guard let idBytes = idPair else { throw .idWithoutValue }
        guard let idText = String(validating: idBytes, as: UTF8.self) else { throw .invalidID("not UTF-8") }
        do {
            deviceID = try DeviceID(parsing: idText)
        } catch {
            throw .invalidID(error.description)
        }
        deviceName = pairs["name"].flatMap { $0 }.flatMap { String(validating: $0, as: UTF8.self) }
    }

    /// The TXT strings as a dictionary from lowercased key to value; `nil` for
    /// a key given without `=`. The first occurrence of a key wins.
    static func keyValuePairs(_ strings: [[UInt8]]) -> [String: [UInt8]?] {
        var pairs: [String: [UInt8]?] = [:]
        for string in strings {
            let separator = string.firstIndex(of: UInt8(ascii: "="))
            let keyBytes = string[..<(separator ?? string.endIndex)]
            guard !keyBytes.isEmpty, keyBytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { continue }
            let key = String(decoding: keyBytes, as: UTF8.self).lowercased()
            guard pairs[key] == nil else { continue }
            let value: [UInt8]? = separator.map { Array(string[string.index(after: $0)...]) }
            pairs[key] = .some(value)
        }
        return pairs
    }
}

/// Why a `_shoal._tcp` service's TXT record does not name a device.
enum ServiceAnnouncementError: Error, Equatable, CustomStringConvertible {
    /// There is no `id` key.
    case missingID
    /// `id` is present but has no `=value`.
    case idWithoutValue
    /// The `id` value is not a device ID; the text says why.
    case invalidID(String)

    var description: String {
        switch self {
        case .missingID: "its TXT record has no 'id'"
        case .idWithoutValue: "its TXT record has 'id' without a value"
        case .invalidID(let reason): "its TXT 'id' is not a device ID: \(reason)"
        }
    }
}
