import Foundation
import ShoalTestSupport

/// Runs the `shoal` executable built next to the test bundle and captures its
/// output. Every run has a deadline; a process still running then is killed.
struct ShoalProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The built `shoal` binary, beside the test runner.
    static var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("shoal")
    }

    /// Runs `shoal arguments…`, optionally through `wrapper` (e.g. `setpriv …`),
    /// in `directory` (default: the test's own).
    static func run(
        _ arguments: [String], environment: [String: String] = [:], wrapper: [String] = [],
        directory: String? = nil, deadline: Duration = .seconds(60)
    ) throws -> Output {
        let (executable, fullArguments) =
            wrapper.isEmpty
            ? (executable, arguments)
            : (URL(fileURLWithPath: wrapper[0]), Array(wrapper.dropFirst()) + [executable.path] + arguments)
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "SHOAL_HOME")
        env.merge(environment) { $1 }
        let output = try ChildProcess.run(
            executable, fullArguments, environment: env, directory: directory.map { URL(fileURLWithPath: $0) },
            deadline: deadline)
        return Output(status: output.status, stdout: output.stdout, stderr: output.stderr)
    }
}
