import Foundation
import Synchronization

/// What a finished child process said.
public struct ChildOutput: Sendable {
    /// The exit status (or the signal number, when killed).
    public var status: Int32
    /// Everything it wrote to standard output.
    public var stdout: String
    /// Everything it wrote to standard error.
    public var stderr: String
    /// Whether it was killed at the deadline.
    public var timedOut: Bool
}

/// Runs child processes to completion for tests, each with a deadline after
/// which it is killed, so no test can hang on a child.
public enum ChildProcess {
    /// Runs `executable` with `arguments`, feeding it `input` (or nothing),
    /// and collects its output.
    ///
    /// - Parameter environment: the child's whole environment; `nil` inherits this process's.
    /// - Throws: when the child cannot be started.
    public static func run(
        _ executable: URL, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        input: String? = nil, deadline: Duration
    ) throws -> ChildOutput {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.currentDirectoryURL = directory
        let out = Pipe()
        let err = Pipe()
        let stdin = input.map { _ in Pipe() }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin ?? FileHandle.nullDevice
        try process.run()
        let killed = KilledFlag()
        let timer = DispatchSource.makeTimerSource()
        timer.schedule(deadline: .now() + .seconds(Int(deadline.components.seconds)))
        timer.setEventHandler {
            guard process.isRunning else { return }
            killed.value.withLock { $0 = true }
            kill(process.processIdentifier, SIGKILL)
        }
        timer.resume()
        defer { timer.cancel() }
        if let stdin, let input {
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try? stdin.fileHandleForWriting.close()
        }
        // Read both pipes to the end before waiting, so a full pipe cannot
        // block the child; the timer above bounds a child that never ends.
        let group = DispatchGroup()
        nonisolated(unsafe) var errorData = Data()
        DispatchQueue.global().async(group: group) { errorData = err.fileHandleForReading.readDataToEndOfFile() }
        let outputData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return ChildOutput(
            status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: errorData, as: UTF8.self), timedOut: killed.value.withLock { $0 })
    }

    /// Set when the deadline killed the child.
    private final class KilledFlag: Sendable {
        let value = Mutex(false)
    }
}
