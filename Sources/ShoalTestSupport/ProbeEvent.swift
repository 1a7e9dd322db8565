import Foundation

/// One JSON line of `shoal-discovery-probe`: the probe writes them, the
/// discovery tests read them.
public struct ProbeEvent: Codable, Equatable, Sendable {
    /// `identity`, `state`, `appeared` or `disappeared`.
    public var event: String
    /// The device the line is about (`identity`, `appeared`, `disappeared`).
    public var deviceID: String?
    /// The device's name (`appeared`).
    public var name: String?
    /// The device's addresses as `HOST:PORT` (`appeared`).
    public var addresses: [String]?
    /// The discovery state as text (`state`).
    public var state: String?

    enum CodingKeys: String, CodingKey {
        case event, name, addresses, state
        case deviceID = "device_id"
    }

    /// Creates a line.
    public init(
        event: String, deviceID: String? = nil, name: String? = nil, addresses: [String]? = nil, state: String? = nil
    ) {
        self.event = event
        self.deviceID = deviceID
        self.name = name
        self.addresses = addresses
        self.state = state
    }

    /// The line as compact JSON with sorted keys, without the newline.
    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? #"{"event":"unencodable"}"#
    }

    // MARK: - Reading

    /// The built probe, beside the test runner.
    public static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("shoal-discovery-probe").path
    }

    /// The probe's events in `lines`; other lines (the lab's `#lab …`) are skipped.
    public static func parse(_ lines: some Sequence<String>) -> [ProbeEvent] {
        let decoder = JSONDecoder()
        return lines.compactMap { line in
            guard line.hasPrefix("{") else { return nil }
            return try? decoder.decode(ProbeEvent.self, from: Data(line.utf8))
        }
    }

    /// The probe's own device ID.
    public static func identity(_ lines: [String]) -> String? {
        parse(lines).first { $0.event == "identity" }?.deviceID
    }

    /// What the probe currently believes about `deviceID` after `lines`: its
    /// last `appeared` event, or `nil` if it never appeared or disappeared since.
    public static func current(_ deviceID: String, in lines: some Sequence<String>) -> ProbeEvent? {
        var latest: ProbeEvent?
        for event in parse(lines) where event.deviceID == deviceID {
            switch event.event {
            case "appeared": latest = event
            case "disappeared": latest = nil
            default: break
            }
        }
        return latest
    }
}
