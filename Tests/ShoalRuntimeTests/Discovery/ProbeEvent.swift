import Foundation

/// One JSON line printed by `shoal-discovery-probe`.
struct ProbeEvent: Decodable, Equatable {
    var event: String
    var deviceID: String?
    var name: String?
    var addresses: [String]?
    var state: String?

    enum CodingKeys: String, CodingKey {
        case event, name, addresses, state
        case deviceID = "device_id"
    }

    /// The built probe, beside the test runner.
    static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("shoal-discovery-probe").path
    }

    /// The probe's events in `lines`; other lines (the lab's `#lab …`) are skipped.
    static func parse(_ lines: some Sequence<String>) -> [ProbeEvent] {
        let decoder = JSONDecoder()
        return lines.compactMap { line in
            guard line.hasPrefix("{") else { return nil }
            return try? decoder.decode(ProbeEvent.self, from: Data(line.utf8))
        }
    }

    /// The probe's own device ID.
    static func identity(_ lines: [String]) -> String? {
        parse(lines).first { $0.event == "identity" }?.deviceID
    }

    /// What the probe currently believes about `deviceID` after `lines`: its
    /// last `appeared` event, or `nil` if it never appeared or disappeared since.
    static func current(_ deviceID: String, in lines: some Sequence<String>) -> ProbeEvent? {
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
