/// How a `Discovery` method is doing.
public enum DiscoveryState: Sendable, Equatable, CustomStringConvertible {
    /// Started, not yet announcing or finding anything.
    case starting
    /// Announcing this device (where the method does that) and finding others.
    case running
    /// The method cannot work right now and keeps retrying; the text says why
    /// and what it does about it, for logs and status output.
    case unavailable(String)
    /// Stopped for good.
    case stopped

    public var description: String {
        switch self {
        case .starting: "starting"
        case .running: "running"
        case .unavailable(let reason): "unavailable: \(reason)"
        case .stopped: "stopped"
        }
    }
}
