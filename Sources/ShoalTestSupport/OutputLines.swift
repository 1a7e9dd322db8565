import Foundation

/// Collects what a child process writes to one pipe, as text and lines.
///
/// `@unchecked Sendable`: the pipe's handler (on a Dispatch thread) appends
/// and test code reads, always under `lock`.
final class OutputLines: @unchecked Sendable {
    private let lock = NSLock()
    private var buffer = Data()
    private var complete: [String] = []

    /// Starts collecting from `pipe`.
    init(_ pipe: Pipe) {
        pipe.fileHandleForReading.readabilityHandler = { [self] handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil }
            append(data)
        }
    }

    private func append(_ data: Data) {
        lock.withLock {
            buffer.append(data)
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                complete.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                buffer.removeSubrange(buffer.startIndex...newline)
            }
        }
    }

    /// The complete lines so far.
    var lines: [String] { lock.withLock { complete } }

    /// Everything so far as one text.
    var text: String {
        lock.withLock { (complete + [String(decoding: buffer, as: UTF8.self)]).joined(separator: "\n") }
    }
}
