/// Why a `Discovery` method cannot start.
public enum DiscoveryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `start()` was called on a method that was already started; each
    /// instance runs once.
    case alreadyStarted(method: String)
    /// A libavahi call failed: which call, Avahi's error code and its message.
    case avahi(call: String, code: Int, message: String)

    public var description: String {
        switch self {
        case .alreadyStarted(let method):
            "\(method) discovery was already started; each instance runs once"
        case .avahi(let call, let code, let message):
            "\(call) failed: \(message) (Avahi error \(code))"
        }
    }
}
