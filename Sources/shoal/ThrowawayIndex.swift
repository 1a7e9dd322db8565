import Foundation
import ShoalIndex

/// An index in a fresh temporary directory, removed after use.
struct ThrowawayIndex {
    let directory: URL
    let index: IndexDatabase

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("shoal-scan-\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        index = try IndexDatabase(path: directory.appendingPathComponent("index.db").path)
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
