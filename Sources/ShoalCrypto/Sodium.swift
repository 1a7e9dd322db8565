internal import CSodium

/// libsodium must be initialised once before any other call; every entry
/// point of this module that uses it goes through `Sodium.ready` first.
enum Sodium {
    /// Initialises libsodium exactly once (Swift runs a global's initialiser
    /// once, thread-safely). A failure means the library cannot run safely
    /// on this machine, so the process stops.
    static let ready: Void = {
        guard sodium_init() >= 0 else { fatalError("libsodium could not be initialised") }
    }()
}
