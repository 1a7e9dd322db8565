import ArgumentParser
import ShoalRuntime

/// The `--listen` option of `shoal daemon` and `shoal archive`.
struct ListenOptions: ParsableArguments {
    @Option(
        help: """
            Where to accept peer connections, HOST:PORT; port 0 picks a free one \
            (default: the configuration's, 0.0.0.0:22300).
            """)
    var listen: String?

    func validate() throws {
        do {
            _ = try address
        } catch {
            throw ValidationError("--listen: \(error)")
        }
    }

    /// The address given, or `nil` to use the configuration's.
    var address: PeerAddress? {
        get throws { try listen.map { try PeerAddress(parsing: $0, allowingAnyPort: true) } }
    }
}
