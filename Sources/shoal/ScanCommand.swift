import ArgumentParser
import Foundation
import Logging
import ShoalCrypto
import ShoalIndex
import ShoalModel

/// `shoal scan PATH`: index a folder into a throwaway index and summarise it.
struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Index a folder into a throwaway index and print what it holds.",
        discussion: """
            With --json, prints one JSON object per line for each file: its path, size and \
            ordered blocks (offset, size, SHA-256 hash in hex). The summary goes to stderr then.
            """)

    @Argument(help: "The folder to scan.")
    var path: String

    @Flag(help: "Print one JSON object per file on stdout.")
    var json = false

    func run() throws {
        let workspace = try ThrowawayIndex()
        defer { workspace.remove() }
        let scanner = FolderScanner(
            folder: try FolderID("scan"), root: path, index: workspace.index,
            device: DeviceIdentity.generate().deviceID, logger: Logger(label: "shoal.scan"))
        let bar = ProgressBar.forStandardError()
        let started = ContinuousClock.now
        let report = try scanner.scan { bar?.update($0) }
        bar?.finish()
        let seconds = (ContinuousClock.now - started).seconds

        if json {
            try printFiles(of: workspace.index, folder: scanner.folder)
        }
        let summary = Summary(report: report, seconds: seconds).text
        if json {
            FileHandle.standardError.write(Data((summary + "\n").utf8))
        } else {
            print(summary)
        }
    }

    private func printFiles(of index: IndexDatabase, folder: FolderID) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var output = Data()
        for record in try index.records(in: folder) where record.kind == .file && !record.isDeleted {
            output.append(try encoder.encode(ScannedFile(record)))
            output.append(UInt8(ascii: "\n"))
            if output.count > 1 << 20 {
                FileHandle.standardOutput.write(output)
                output.removeAll(keepingCapacity: true)
            }
        }
        FileHandle.standardOutput.write(output)
    }
}

/// One line of `shoal scan --json`.
struct ScannedFile: Encodable {
    struct Block: Encodable {
        var offset: Int64
        var size: Int
        var hash: String
    }

    var path: String
    var size: Int64
    var blocks: [Block]

    init(_ record: FileRecord) {
        path = record.path.string
        size = record.size
        var offset: Int64 = 0
        blocks = record.blocks.map { block in
            defer { offset += Int64(block.size) }
            return Block(offset: offset, size: block.size, hash: block.hash.hex)
        }
    }
}

/// The one-line summary of a scan.
struct Summary {
    let report: ScanReport
    let seconds: Double

    var text: String {
        let megabytes = Double(report.hashedBytes) / 1_000_000
        let rate = seconds > 0 ? megabytes / seconds : 0
        var line =
            "\(report.files) files, \(report.directories) directories, \(report.symlinks) symlinks, "
            + "\(ByteCount(report.bytes)) in \(report.blocks) blocks; "
            + "hashed \(report.hashedFiles) files in \(String(format: "%.2f", seconds)) s "
            + "(\(String(format: "%.1f", rate)) MB/s, \(String(format: "%.0f", Double(report.hashedFiles) / max(seconds, 1e-9))) files/s)"
        if !report.skipped.isEmpty { line += "; skipped \(report.skipped.count) (see log)" }
        return line
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        let (whole, fraction) = components
        return Double(whole) + Double(fraction) / 1e18
    }
}
