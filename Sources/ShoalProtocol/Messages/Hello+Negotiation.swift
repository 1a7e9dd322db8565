extension Hello {
    /// The protocol versions this implementation speaks.
    public static let supportedVersions: ClosedRange<UInt16> = 1...1

    /// The version two devices speak: the highest both support.
    ///
    /// - Throws: `VersionNegotiationError` when the ranges do not overlap.
    public func negotiatedVersion(with peer: Hello) throws(VersionNegotiationError) -> UInt16 {
        let highest = min(protocolVersions.upperBound, peer.protocolVersions.upperBound)
        guard highest >= max(protocolVersions.lowerBound, peer.protocolVersions.lowerBound) else {
            throw VersionNegotiationError(ours: protocolVersions, theirs: peer.protocolVersions)
        }
        return highest
    }
}

/// Two devices share no protocol version.
public struct VersionNegotiationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The versions this device speaks.
    public let ours: ClosedRange<UInt16>
    /// The versions the peer speaks.
    public let theirs: ClosedRange<UInt16>

    public var description: String {
        "no common protocol version: this device speaks \(ours.lowerBound)-\(ours.upperBound), "
            + "the peer \(theirs.lowerBound)-\(theirs.upperBound)"
    }
}

extension BlockError: CustomStringConvertible {
    /// The error's name and wire code.
    public var description: String {
        switch self {
        case .notFound: "block not found (1)"
        case .folderNotShared: "folder not shared (2)"
        case .readFailed: "read failed (3)"
        case .busy: "busy (4)"
        }
    }
}
