import Logging
import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalTestSupport

/// A folder on disk, an in-memory index and a scanner over them.
struct ScanFixture {
    let directory: TemporaryDirectory
    let index: IndexDatabase
    let scanner: FolderScanner
    let device: DeviceID
    let folder = try! FolderID("test")

    init(hashingThreads: Int = 2) throws {
        directory = try TemporaryDirectory()
        index = try IndexDatabase.inMemory()
        device = try DeviceID(rawBytes: [UInt8](repeating: 7, count: 32))
        scanner = FolderScanner(
            folder: folder, root: directory.path, index: index, device: device,
            hashingThreads: hashingThreads, logger: Logger(label: "test.scan"))
    }

    @discardableResult
    func scan(progress: @Sendable (ScanProgress) -> Void = { _ in }) throws -> ScanReport {
        try scanner.scan(progress: progress)
    }

    func record(_ path: String) throws -> FileRecord? {
        try index.record(in: folder, at: RelativePath(path))
    }

    /// Live (non-deleted) paths in the index, sorted.
    func livePaths() throws -> [String] {
        try index.records(in: folder).filter { !$0.isDeleted }.map(\.path.string)
    }
}
