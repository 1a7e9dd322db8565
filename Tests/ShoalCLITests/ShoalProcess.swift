import Foundation

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

    /// Runs `shoal arguments…`, optionally through `wrapper` (e.g. `setpriv …`).
    static func run(
        _ arguments: [String], environment: [String: String] = [:], wrapper: [String] = [],
        deadline: Duration = .seconds(60)
    ) throws -> Output {
        let process = Process()
        if wrapper.isEmpty {
            process.executableURL = executable
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: wrapper[0])
            process.arguments = Array(wrapper.dropFirst()) + [executable.path] + arguments
        }
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "SHOAL_HOME")
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let timer = DispatchSource.makeTimerSource()
        timer.schedule(deadline: .now() + .seconds(Int(deadline.components.seconds)))
        timer.setEventHandler { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
        timer.resume()
        // Read both pipes to the end before waiting, so a full pipe cannot block the child.
        let group = DispatchGroup()
        nonisolated(unsafe) var stderrData = Data()
        DispatchQueue.global().async(group: group) { stderrData = err.fileHandleForReading.readDataToEndOfFile() }
        let stdoutData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        timer.cancel()
        return Output(
            status: process.terminationStatus, stdout: String(decoding: stdoutData, as: UTF8.self),
            stderr: String(decoding: stderrData, as: UTF8.self))
    }
}
