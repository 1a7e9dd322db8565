import Foundation

/// A child process whose standard output is collected line by line while it
/// runs, so a test can wait, with a deadline, for what it prints.
///
/// Closing its standard input (`stop()`) asks it to finish; it is killed if it
/// does not within the grace period.
public final class ObservedProcess: Sendable {
    /// The process ID.
    public let pid: Int32
    private let process: Process
    private let input: Pipe
    private let stdout: OutputLines
    private let stderr: OutputLines

    /// Starts `executable` (an absolute path) with `arguments`, adding
    /// `environment` to the inherited one.
    ///
    /// - Throws: `LabError` when it cannot be started.
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws(LabError) {
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        stdout = OutputLines(output)
        stderr = OutputLines(errors)
        do {
            try process.run()
        } catch {
            throw LabError("cannot start \(executable): \(error)")
        }
        pid = process.processIdentifier
    }

    /// The standard output lines so far.
    public var lines: [String] { stdout.lines }

    /// The standard error so far.
    public var errorText: String { stderr.text }

    /// Whether the process is still running.
    public var isRunning: Bool { process.isRunning }

    /// The exit status, once it ended.
    public var exitStatus: Int32? { process.isRunning ? nil : process.terminationStatus }

    /// Polls every 20 ms until `match` finds something in the output lines,
    /// and returns it; `nil` when `timeout` passes first or the process ended
    /// without it.
    public func waitFor<Match>(_ timeout: Duration, _ match: ([String]) -> Match?) async throws -> Match? {
        let deadline = ContinuousClock.now + timeout
        while true {
            let running = process.isRunning
            if let found = match(lines) { return found }
            guard running, ContinuousClock.now < deadline else { return nil }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Sends `signal` (SIGTERM by default) and waits up to `grace` for the
    /// process to exit, then kills it.
    ///
    /// - Returns: whether it exited on its own within `grace`.
    @discardableResult
    public func terminate(_ signal: Int32 = SIGTERM, grace: Duration = .seconds(5)) -> Bool {
        kill(pid, signal)
        let exited = LabCommand.waitUntilGone([pid], timeout: grace)
        if !exited {
            kill(pid, SIGKILL)
            _ = LabCommand.waitUntilGone([pid], timeout: .seconds(2))
        }
        let deadline = ContinuousClock.now + .seconds(2)
        while process.isRunning, ContinuousClock.now < deadline {
            usleep(10_000)
        }
        return exited
    }

    /// Closes standard input and waits up to `grace` for the process to exit,
    /// then kills it; returns once it is gone.
    public func stop(grace: Duration = .seconds(3)) {
        try? input.fileHandleForWriting.close()
        if !LabCommand.waitUntilGone([pid], timeout: grace) {
            kill(pid, SIGKILL)
            _ = LabCommand.waitUntilGone([pid], timeout: .seconds(2))
        }
        // Foundation reaps the child itself; give it a bounded moment rather
        // than `waitUntilExit()`, which never returns if it missed the exit.
        let deadline = ContinuousClock.now + .seconds(2)
        while process.isRunning, ContinuousClock.now < deadline {
            usleep(10_000)
        }
    }
}
