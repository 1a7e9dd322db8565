import Logging
import Synchronization

/// Log lines kept in memory, so tests can check what a connection logged.
final class CapturedLogs: Sendable {
    private let lines = Mutex<[String]>([])

    /// A logger writing into this capture.
    var logger: Logger {
        Logger(label: "test.transport") { _ in Handler(capture: self) }
    }

    var all: [String] { lines.withLock { $0 } }

    func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    /// The lines that contain `text`.
    func lines(containing text: String) -> [String] {
        all.filter { $0.contains(text) }
    }

    /// Waits until a line contains every one of `parts`, up to `timeout`.
    func waitForLine(containing parts: String..., timeout: Duration = .seconds(10)) async -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = all.first(where: { line in parts.allSatisfy { line.contains($0) } }) { return line }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return nil
    }

    private struct Handler: LogHandler {
        let capture: CapturedLogs
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            capture.append("\(event.level): \(event.message)")
        }
    }
}
