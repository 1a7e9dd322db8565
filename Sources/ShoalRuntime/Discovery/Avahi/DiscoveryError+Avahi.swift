internal import CAvahi

extension DiscoveryError {
    /// The error for libavahi call `call` failing with error `code`, with
    /// Avahi's own message for it (`avahi_strerror`).
    static func avahi(call: String, code: Int) -> DiscoveryError {
        .avahi(call: call, code: code, message: AvahiErrorText.message(code))
    }
}

/// Avahi's error messages.
enum AvahiErrorText {
    /// Avahi's message for error `code` (`avahi_strerror`).
    static func message(_ code: Int) -> String {
        guard let text = avahi_strerror(Int32(truncatingIfNeeded: code)) else { return "unknown error" }
        return String(cString: text)
    }
}
