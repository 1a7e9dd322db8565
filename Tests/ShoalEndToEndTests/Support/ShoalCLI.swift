import Foundation
import ShoalRuntime
import ShoalTestSupport

/// Runs the `shoal` executable built next to the test bundle.
enum ShoalCLI {
    /// The built `shoal` binary, beside the test runner.
    static var executable: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("shoal").path
    }

    /// Runs `shoal arguments…` to completion (at most 30 s).
    static func run(_ arguments: [String]) throws -> ChildOutput {
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "SHOAL_HOME")
        return try ChildProcess.run(
            URL(fileURLWithPath: executable), arguments, environment: environment, deadline: .seconds(30))
    }

    /// Runs `shoal arguments…` and fails with its error output unless it succeeds.
    @discardableResult
    static func succeed(_ arguments: [String]) throws -> String {
        let output = try run(arguments)
        guard output.status == 0 else {
            throw EndToEndError("shoal \(arguments.joined(separator: " ")) failed (\(output.status)): \(output.stderr)")
        }
        return output.stdout
    }
}

/// A failed step of an end-to-end test, with what was seen.
struct EndToEndError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

/// Polls `condition` every `interval` until it holds or `timeout` passes.
///
/// - Throws: `EndToEndError` naming `what` (and `detail()`, for the failure
///   message) when the deadline passes first.
func waitUntil(
    _ what: String, timeout: Duration, interval: Duration = .milliseconds(50), detail: () -> String = { "" },
    _ condition: () throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + timeout
    while try !condition() {
        guard ContinuousClock.now < deadline else {
            throw EndToEndError("timed out after \(timeout) waiting until \(what). \(detail())")
        }
        try await Task.sleep(for: interval)
    }
}
