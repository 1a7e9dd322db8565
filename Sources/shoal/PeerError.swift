import ShoalCrypto
import ShoalRuntime

/// Why a `shoal peer` command refused.
enum PeerError: Error, CustomStringConvertible {
    /// The ID is this device's own.
    case ownDevice(DeviceID)
    /// The ID is not among the trusted peers.
    case notTrusted(DeviceID)
    /// A prefix too short to pick a device safely.
    case prefixTooShort(String)
    /// A prefix was given, but no daemon runs to say which devices it discovered.
    case prefixNeedsDaemon(DeviceIDPrefix, home: String)
    /// No discovered device's ID starts with the prefix.
    case prefixMatchesNothing(String)
    /// Several discovered devices' IDs start with the prefix.
    case prefixAmbiguous(String, [DiscoveredPeer])
    /// The daemon reported an ID that does not parse.
    case badDiscoveredID(String, DeviceIDError)

    var description: String {
        switch self {
        case .ownDevice(let id):
            "\(id) is this device's own ID; add the ID of the other device (`shoal id` there prints it)"
        case .notTrusted(let id):
            "\(id) is not a trusted peer; `shoal peer list` shows them"
        case .prefixTooShort(let text):
            "'\(text)' is too short to pick a device: give at least \(DeviceIDPrefix.minimumLength) characters of "
                + "its ID, or the full ID (`shoal id` on that device prints it)"
        case .prefixNeedsDaemon(let prefix, let home):
            "'\(prefix.text)' is not a full device ID (it has \(prefix.characters.count) of "
                + "\(DeviceIDPrefix.fullLength) characters), and a prefix is looked up among the devices the "
                + "running daemon discovers, but the daemon is not running for \(home); give the full ID "
                + "(`shoal id` on that device prints it), or start the daemon with `shoal daemon --home \(home)`"
        case .prefixMatchesNothing(let text):
            "no device the daemon has discovered has an ID starting with '\(text)'; `shoal peer list --discovered` "
                + "shows the devices it sees, or give the full ID (`shoal id` on that device prints it)"
        case .prefixAmbiguous(let text, let candidates):
            "'\(text)' starts the IDs of \(candidates.count) discovered devices; give more of the ID:\n"
                + candidates.map { "  \($0.deviceID)  \($0.name)" }.joined(separator: "\n")
        case .badDiscoveredID(let text, let error):
            "the daemon reported a device whose ID is not valid ('\(text)'): \(error)"
        }
    }
}
