import ShoalCrypto
import ShoalRuntime

/// Finds a trusted peer from what a person typed: its full device ID, its
/// name, or an unambiguous prefix of its ID (as `shoal peer list` shows it).
enum TrustedPeerReference {
    /// The device `text` names among `config`'s trusted peers; a full ID
    /// that is not trusted is returned as it is, for the caller to refuse
    /// with its own words.
    ///
    /// - Throws: `TrustedPeerReferenceError` when nothing or several match.
    static func resolve(_ text: String, in config: ShoalConfig) throws(TrustedPeerReferenceError) -> DeviceID {
        if let id = try? DeviceID(parsing: text) { return id }
        let named = config.peers.filter { !$0.name.isEmpty && $0.name == text }
        if named.count == 1 { return named[0].deviceID }
        guard named.isEmpty else { throw .ambiguous(text, named) }
        guard let prefix = DeviceIDPrefix(text), prefix.characters.count >= DeviceIDPrefix.minimumLength else {
            throw .nothing(text)
        }
        let matching = config.peers.filter { prefix.matches($0.deviceID.description) }
        guard matching.count == 1 else { throw matching.isEmpty ? .nothing(text) : .ambiguous(text, matching) }
        return matching[0].deviceID
    }
}

/// Why typed text names no single trusted peer.
enum TrustedPeerReferenceError: Error, CustomStringConvertible {
    /// No trusted peer has this ID, name or ID prefix.
    case nothing(String)
    /// Several do.
    case ambiguous(String, [PeerConfig])

    var description: String {
        switch self {
        case .nothing(let text):
            "'\(text)' is not the ID, the name or the start of the ID (at least \(DeviceIDPrefix.minimumLength) "
                + "characters) of a trusted peer; `shoal peer list` shows them"
        case .ambiguous(let text, let peers):
            "'\(text)' matches \(peers.count) trusted peers; give more of the ID:\n"
                + peers.map { "  \($0.deviceID)  \($0.name)" }.joined(separator: "\n")
        }
    }
}
