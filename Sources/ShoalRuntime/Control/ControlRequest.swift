/// What the CLI asks a running daemon over the control socket.
///
/// On the wire: one JSON object per line, `{"command":"status"}`; the
/// daemon answers with one `ControlReply` line and closes the connection.
public enum ControlRequest: String, Codable, Sendable, CaseIterable {
    /// The daemon's view of this device, its folders and its peers (`DaemonStatus`).
    case status
    /// Read `config.json` again and apply what changed, without a restart.
    case reload
    /// The devices seen through mDNS that are not trusted (`[DiscoveredPeer]`).
    case discovered

    enum CodingKeys: String, CodingKey {
        case command
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let command = try container.decode(String.self, forKey: .command)
        guard let request = ControlRequest(rawValue: command) else {
            throw DecodingError.dataCorruptedError(
                forKey: .command, in: container, debugDescription: "unknown command '\(command)'")
        }
        self = request
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(rawValue, forKey: .command)
    }
}

/// The daemon's answer to one `ControlRequest`: exactly one of the fields
/// is set, matching the request, or `error` says why it failed.
public struct ControlReply: Codable, Equatable, Sendable {
    /// The answer to `status`.
    public var status: DaemonStatus?
    /// The answer to `discovered`.
    public var discovered: [DiscoveredPeer]?
    /// Why the request failed; `nil` when it succeeded.
    public var error: String?

    /// Creates a reply.
    public init(status: DaemonStatus? = nil, discovered: [DiscoveredPeer]? = nil, error: String? = nil) {
        self.status = status
        self.discovered = discovered
        self.error = error
    }

    /// A bare success (the answer to `reload`).
    public static let ok = ControlReply()
}
