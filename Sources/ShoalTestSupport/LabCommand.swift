import Foundation

/// Why a network lab step failed, with the command's own output.
public struct LabError: Error, CustomStringConvertible {
    /// What failed and why.
    public let description: String

    /// Creates an error with its message.
    public init(_ description: String) {
        self.description = description
    }
}

/// Runs short system commands (`ip`, `nsenter`, …) for the network lab, each
/// with a deadline.
enum LabCommand {
    /// Runs `arguments` (looked up on `PATH`) to completion and returns its
    /// standard output.
    ///
    /// - Throws: `LabError` with the output when it fails, cannot start, or
    ///   is still running at the deadline (it is then killed).
    @discardableResult
    static func run(_ arguments: [String], timeout: Duration = .seconds(10)) throws(LabError) -> String {
        let command = arguments.joined(separator: " ")
        let output: ChildOutput
        do {
            output = try ChildProcess.run(URL(fileURLWithPath: "/usr/bin/env"), arguments, deadline: timeout)
        } catch {
            throw LabError("cannot run \(command): \(error)")
        }
        if output.timedOut { throw LabError("\(command) did not finish within \(timeout)") }
        guard output.status == 0 else {
            throw LabError(
                "\(command) failed (status \(output.status)): "
                    + output.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return output.stdout
    }

    /// Whether process `pid` is gone (or a zombie nobody reaped yet).
    static func isGone(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return true }
        // The state follows the parenthesised command name.
        guard let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first
        return state == "Z" || state == "X"
    }

    /// Sends SIGTERM to `pids`, waits up to `grace` for them to go, then
    /// SIGKILLs those left and waits for them too (bounded).
    static func terminate(_ pids: [Int32], grace: Duration = .seconds(3)) {
        let alive = pids.filter { $0 > 1 && !isGone($0) }
        for pid in alive { kill(pid, SIGTERM) }
        if !waitUntilGone(alive, timeout: grace) {
            for pid in alive where !isGone(pid) { kill(pid, SIGKILL) }
            _ = waitUntilGone(alive, timeout: .seconds(2))
        }
    }

    /// Polls every 10 ms until every process in `pids` is gone or `timeout` passed.
    static func waitUntilGone(_ pids: [Int32], timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while pids.contains(where: { !isGone($0) }) {
            guard ContinuousClock.now < deadline else { return false }
            usleep(10_000)
        }
        return true
    }
}
