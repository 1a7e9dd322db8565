/// One way of finding the addresses of other devices: mDNS through Avahi,
/// addresses from the configuration, and later perhaps others.
///
/// Each method hides behind this one interface, so the daemon can run several
/// side by side and merge what they report. A method reports what it finds as
/// values, in order, through `events`; it never calls back into its user.
///
/// Lifecycle: `start()` once, then `stop()` (which `deinit` also does).
/// Both may be called from any thread.
public protocol Discovery: AnyObject, Sendable {
    /// A short name for logs and status output, such as `mdns` or `static`.
    var methodName: String { get }

    /// What the method finds and how it is doing, in the order it happened.
    ///
    /// The stream has one consumer and ends after `stop()`.
    var events: AsyncStream<DiscoveryEvent> { get }

    /// Starts finding devices (and, where the method does that, announcing
    /// this one).
    ///
    /// A method whose backing service is missing (avahi-daemon not running)
    /// still starts: it reports `.stateChanged(.unavailable(…))` and keeps
    /// retrying on its own.
    ///
    /// - Throws: `DiscoveryError.alreadyStarted` on a second call, or an error
    ///   saying why the method cannot run at all.
    func start() throws(DiscoveryError)

    /// Stops announcing and finding, reports `.stateChanged(.stopped)` and
    /// ends `events`. Calling it again does nothing.
    func stop()
}
