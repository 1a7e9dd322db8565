/// Where a peer accepts connections: a host (an IP address or a name) and a
/// TCP port.
///
/// The text form is `HOST:PORT`, with an IPv6 host in brackets:
/// `10.0.0.5:22000`, `[fe80::1%eth0]:22000`, `nas.local:22000`.
public struct PeerAddress: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// An IPv4 or IPv6 address (IPv6 link-local ones carry `%interface`) or a host name.
    public var host: String
    /// The TCP port.
    public var port: UInt16

    /// Creates an address from its parts.
    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Parses `HOST:PORT` as given to `--address`; with `allowingAnyPort`
    /// (for `--listen`), port 0 asks the system for a free port.
    ///
    /// - Throws: `PeerAddressError` saying what is missing or wrong.
    public init(parsing text: String, allowingAnyPort: Bool = false) throws(PeerAddressError) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw .malformed(text, "'[' without ']'") }
            host = text[text.index(after: text.startIndex)..<close]
            let rest = text[text.index(after: close)...]
            guard rest.hasPrefix(":") else { throw .malformed(text, "no ':PORT' after ']'") }
            portText = rest.dropFirst()
        } else {
            guard let colon = text.lastIndex(of: ":") else { throw .malformed(text, "no ':PORT'") }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            guard !host.contains(":") else {
                throw .malformed(text, "an IPv6 address must be written in brackets, as [ADDRESS]:PORT")
            }
        }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw .malformed(text, "'\(host)' is not a host")
        }
        guard let port = UInt16(portText), port > 0 || allowingAnyPort else {
            throw .malformed(text, "'\(portText)' is not a port (1-65535)")
        }
        self.init(host: String(host), port: port)
    }

    /// `HOST:PORT`, with brackets around an IPv6 host.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// Orders by host text, then port; used to list addresses deterministically.
    public static func < (a: PeerAddress, b: PeerAddress) -> Bool {
        (a.host, a.port) < (b.host, b.port)
    }
}

/// Why text could not be read as `HOST:PORT`.
public enum PeerAddressError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text, and what is wrong with it.
    case malformed(String, String)

    public var description: String {
        switch self {
        case .malformed(let text, let reason): "'\(text)' is not an address (HOST:PORT): \(reason)"
        }
    }
}

extension PeerAddress: Codable {
    /// Reads `HOST:PORT`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }

    /// Writes `HOST:PORT`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
