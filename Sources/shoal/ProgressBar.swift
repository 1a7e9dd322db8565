import Foundation
import Glibc
import ShoalIndex
import Synchronization

/// A one-line progress bar on stderr, redrawn at most ten times a second.
/// Only shown when stderr is a terminal.
final class ProgressBar: Sendable {
    private let state = Mutex<(lastDraw: ContinuousClock.Instant?, drawn: Bool)>((nil, false))
    private let started = ContinuousClock.now

    /// A bar when stderr is a terminal, else `nil`.
    static func forStandardError() -> ProgressBar? {
        isatty(STDERR_FILENO) == 1 ? ProgressBar() : nil
    }

    /// Redraws with `progress` if the last draw is 100 ms old.
    func update(_ progress: ScanProgress) {
        let now = ContinuousClock.now
        let shouldDraw = state.withLock { state in
            if let last = state.lastDraw, now - last < .milliseconds(100) { return false }
            state = (now, true)
            return true
        }
        guard shouldDraw, progress.bytesToHash > 0 || progress.filesToHash > 0 else { return }
        let fraction =
            progress.bytesToHash > 0
            ? Double(progress.bytesHashed) / Double(progress.bytesToHash)
            : Double(progress.filesHashed) / Double(max(progress.filesToHash, 1))
        let width = 30
        let filled = Int(fraction * Double(width))
        let elapsed = (now - started).seconds
        let rate = elapsed > 0 ? Double(progress.bytesHashed) / 1_000_000 / elapsed : 0
        let line =
            "\r[\(String(repeating: "=", count: filled))\(String(repeating: " ", count: width - filled))] "
            + "\(Int(fraction * 100))% \(progress.filesHashed)/\(progress.filesToHash) files, "
            + "\(ByteCount(progress.bytesHashed)) of \(ByteCount(progress.bytesToHash)), \(String(format: "%.0f", rate)) MB/s "
        FileHandle.standardError.write(Data(line.utf8))
    }

    /// Clears the bar's line.
    func finish() {
        if state.withLock({ $0.drawn }) {
            FileHandle.standardError.write(Data(("\r" + String(repeating: " ", count: 100) + "\r").utf8))
        }
    }
}

/// A byte count shown with a binary unit, e.g. `1.5 GiB`.
struct ByteCount: CustomStringConvertible {
    let bytes: Int64

    init(_ bytes: Int64) {
        self.bytes = bytes
    }

    var description: String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(bytes) B" : "\(String(format: "%.1f", value)) \(units[unit])"
    }
}
