import Dispatch
import Foundation
import Logging
import ShoalCrypto
import ShoalIndex
import ShoalArchive
import ShoalModel

/// What the daemon keeps about one folder it syncs: its executor of disk
/// operations, its scanner and whether a scan runs.
final class FolderRuntime {
    /// The folder as configured.
    var configuration: FolderConfig
    /// Carries out the engine's disk operations; `nil` while the folder
    /// cannot be opened (`problem` says why).
    private(set) var lanes: DiskLanes?
    /// Why the folder cannot be synced now, if it cannot.
    private(set) var problem: String?
    /// Whether a scan runs now.
    var isScanning = false
    /// Whether another scan was asked for while one ran.
    var scanAgain = false
    /// When the last scan started, for periodic rescans.
    var lastScan: ContinuousClock.Instant?
    /// Reports changes on disk within about 100 ms; `nil` until started.
    private(set) var watcher: FolderWatcher?
    private let scanQueue: DispatchQueue

    init(configuration: FolderConfig) {
        self.configuration = configuration
        scanQueue = DispatchQueue(label: "shoal.scan.\(configuration.id)", qos: .utility)
    }

    /// Opens the folder's root for disk operations if it is not open yet.
    ///
    /// The folder's `.shoal` directory marks it as synced. A folder the index
    /// knows entries of but whose marker is gone is refused: it is most
    /// likely an unmounted disk or a replaced directory, and scanning it
    /// would tell every peer to delete everything.
    ///
    /// - Returns: whether the folder can be used.
    @discardableResult
    func open(index: IndexDatabase, archive: ArchiveStore?) -> Bool {
        guard lanes == nil else { return true }
        if let archive {
            let disk = ArchiveDisk(folder: configuration.id, index: index, blocks: archive.blocks)
            lanes = DiskLanes(disk: disk, label: "shoal.archive.\(configuration.id)", count: 8, keepsPathOrder: false)
            return true
        }
        if let reason = markerProblem(index: index) {
            problem = reason
            return false
        }
        let path = configuration.path
        do {
            let disk = try FolderDisk(root: path, retention: configuration.versions)
            lanes = DiskLanes(disk: disk, label: "shoal.disk.\(configuration.id)")
            problem = nil
            return true
        } catch {
            problem = "cannot open \(path): \(error)"
            return false
        }
    }

    /// Whether changes are seen as they happen; otherwise the folder is
    /// rescanned more often.
    var isWatched: Bool {
        guard let watcher else { return false }
        return watcher.state == .watching
    }

    /// Starts watching the folder on its scan thread (the first walk adds a
    /// watch per directory) and reports changes as `.folderChanged`.
    func startWatching(logger: Logger, mailbox: AsyncStream<DaemonInput>.Continuation) {
        guard watcher == nil else { return }
        let watcher = FolderWatcher(root: configuration.path, logger: logger)
        self.watcher = watcher
        let id = configuration.id
        scanQueue.async {
            do {
                try watcher.start()
            } catch {
                logger.warning("folder \(id) is not watched (\(error)); it is rescanned every few seconds instead")
                return
            }
            Task {
                for await _ in watcher.changes { mailbox.yield(.folderChanged(id)) }
            }
        }
    }

    /// Stops watching.
    func stopWatching() {
        watcher?.stop()
        watcher = nil
    }

    /// Why the folder must not be scanned or changed now, or `nil` when it
    /// may; creates the marker of a folder the index knows nothing of.
    /// Checked before every scan: a disk unmounted while the daemon runs
    /// leaves an empty mount point, which a scan would take for a folder
    /// whose every file was deleted.
    func markerProblem(index: IndexDatabase) -> String? {
        let path = configuration.path
        let marker = path + "/" + ShoalInternalNames.stateDirectory
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            return "\(path) is missing or not a directory; create it, or remove the folder with `shoal folder remove`"
        }
        guard !FileManager.default.fileExists(atPath: marker) else { return nil }
        let known = (try? index.maxSequence(in: configuration.id)) ?? 0
        guard known == 0 else {
            return """
                \(marker) is missing although this device synced the folder before: is a disk unmounted? \
                Shoal will not sync it, so that nothing is deleted on the peers. If the folder is meant to be \
                empty now, run `mkdir \(marker)`
                """
        }
        do {
            try FileManager.default.createDirectory(atPath: marker, withIntermediateDirectories: false)
            return nil
        } catch {
            return "cannot create \(marker): \(error.localizedDescription)"
        }
    }

    /// Records why the folder cannot be synced.
    func fail(_ reason: String) {
        problem = reason
        lanes = nil
    }

    /// Scans the folder on its own thread and reports `.scanned` to `mailbox`.
    func startScan(
        index: IndexDatabase, device: DeviceID, logger: Logger, mailbox: AsyncStream<DaemonInput>.Continuation
    ) {
        isScanning = true
        scanAgain = false
        lastScan = .now
        let scanner = FolderScanner(
            folder: configuration.id, root: configuration.path, index: index, device: device, logger: logger)
        scanQueue.async {
            do {
                _ = try scanner.scan()
                mailbox.yield(.scanned(scanner.folder, failure: nil))
            } catch {
                mailbox.yield(.scanned(scanner.folder, failure: "\(error)"))
            }
        }
    }
}
