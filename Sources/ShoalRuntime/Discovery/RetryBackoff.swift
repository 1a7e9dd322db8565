/// How long to wait before retrying something that keeps failing: doubling
/// from `initial` up to `maximum`, so retries never stop but never spin.
public struct RetryBackoff: Sendable, Equatable {
    /// The wait after the first failure.
    public var initial: Duration
    /// The longest wait.
    public var maximum: Duration

    /// Creates a backoff; `maximum` below `initial` is raised to `initial`.
    public init(initial: Duration = .milliseconds(250), maximum: Duration = .seconds(10)) {
        self.initial = initial
        self.maximum = max(initial, maximum)
    }

    /// The wait after `failures` failures in a row (1 for the first); zero
    /// when nothing failed yet.
    public func delay(afterFailures failures: Int) -> Duration {
        guard failures > 0 else { return .zero }
        var delay = initial
        for _ in 1..<min(failures, 64) where delay < maximum {
            delay *= 2
        }
        return min(delay, maximum)
    }
}
