import Dispatch
import Glibc
public import Logging
public import ShoalCrypto
public import ShoalModel
import Synchronization

/// Brings the index of one folder up to date with the disk.
///
/// A scan walks the folder (see `DirectoryWalker`), re-hashes only files whose
/// size, mtime or inode differ from the index, on `hashingThreads` threads,
/// and commits every change in one transaction: new and changed entries get a
/// new version by this device and the next sequence numbers, vanished entries
/// become tombstones. Entries the scan cannot see (unreadable directories,
/// files that could not be read) keep their records.
public struct FolderScanner: Sendable {
    /// The folder being scanned.
    public let folder: FolderID
    /// The folder's root directory on disk.
    public let root: String
    /// The index to update.
    public let index: IndexDatabase
    /// This device, the author of the changes the scan finds.
    public let device: DeviceID
    /// How files are cut into blocks.
    public let chunker: Chunker
    /// How many threads hash file content.
    public let hashingThreads: Int
    /// Where each skipped entry is reported, one line each.
    public let logger: Logger

    /// Creates a scanner; nothing is read until `scan` is called.
    public init(
        folder: FolderID, root: String, index: IndexDatabase, device: DeviceID, chunker: Chunker = Chunker(),
        hashingThreads: Int = ProcessorCount.online, logger: Logger
    ) {
        self.folder = folder
        self.root = root
        self.index = index
        self.device = device
        self.chunker = chunker
        self.hashingThreads = max(1, hashingThreads)
        self.logger = logger
    }

    /// Scans the folder once.
    ///
    /// - Parameter progress: called from hashing threads as files are hashed,
    ///   first once with nothing hashed yet.
    /// - Returns: what the scan found and changed.
    /// - Throws: `ScanError` when the root cannot be opened or the index
    ///   cannot be read or written; a problem with one entry never throws.
    public func scan(progress: @Sendable (ScanProgress) -> Void = { _ in }) throws(ScanError) -> ScanReport {
        let rootDescriptor: FileDescriptor
        do {
            rootDescriptor = try FileDescriptor.open(root, relativeTo: nil, flags: O_RDONLY | O_DIRECTORY, displayPath: root)
        } catch {
            throw .rootUnavailable(root, error.reason)
        }
        var report = ScanReport()
        let rules = loadIgnoreRules(rootDescriptor, into: &report)
        let known: [String: IndexedEntry]
        do {
            known = try index.indexedEntries(in: folder)
        } catch {
            throw .index(error)
        }

        let walk = DirectoryWalker(root: rootDescriptor, rules: rules).walk()
        report.skipped = walk.skipped
        let (folder, index) = (folder, index)
        var plan = ChangePlan(known: known) { path in try index.blocks(in: folder, at: path) }
        var toHash: [WalkedEntry] = []
        do {
            for entry in walk.entries {
                report.count(entry)
                if plan.needsHashing(entry) { toHash.append(entry) } else { try plan.compareMetadata(entry) }
            }
            let hashed = hashInParallel(toHash, root: rootDescriptor, progress: progress)
            for (entry, outcome) in zip(toHash, hashed) {
                switch outcome {
                case .success(let blocks):
                    report.hashedFiles += 1
                    report.hashedBytes += entry.stat.size
                    try plan.compareContent(entry, blocks: blocks)
                case .failure(let error):
                    // A vanished file is gone: its record becomes a tombstone.
                    if case .vanished = error {} else { plan.keep(entry.path) }
                    report.skipped.append(SkippedEntry(path: entry.path.string, reason: error.description))
                }
            }
        } catch {
            throw .index(error)
        }
        plan.markMissing(after: walk, rules: rules)

        let changes = plan.changes
        report.changed = changes.count { if case .changed = $0 { true } else { false } }
        report.deleted = changes.count { if case .deleted = $0 { true } else { false } }
        do {
            report.sequence = try index.apply(changes, in: folder, by: device)
            report.blocks = try index.blockCount(in: folder)
        } catch {
            throw .index(error)
        }
        for skipped in report.skipped {
            logger.warning("\(skipped)", metadata: ["folder": "\(folder)"])
        }
        return report
    }

    private func loadIgnoreRules(_ root: FileDescriptor, into report: inout ScanReport) -> IgnoreRules {
        let text: String
        do {
            guard let read = try IgnoreFile.read(in: root) else { return .none }
            text = read
        } catch {
            report.ignoreFileProblems.append(error.description)
            logger.warning("\(ShoalInternalNames.ignoreFile): \(error)", metadata: ["folder": "\(folder)"])
            return .none
        }
        let rules = IgnoreRules(parsing: text)
        for problem in rules.problems {
            report.ignoreFileProblems.append("\(problem)")
            logger.warning("\(ShoalInternalNames.ignoreFile): \(problem)", metadata: ["folder": "\(folder)"])
        }
        return rules
    }

    /// Hashes `entries` on `hashingThreads` threads; results come back in the
    /// order of `entries`.
    private func hashInParallel(
        _ entries: [WalkedEntry], root: FileDescriptor, progress: @Sendable (ScanProgress) -> Void
    ) -> [Result<[BlockRef], HashingError>] {
        let total = ScanProgress(
            filesHashed: 0, filesToHash: entries.count, bytesHashed: 0,
            bytesToHash: entries.reduce(0) { $0 + $1.stat.size })
        progress(total)
        guard !entries.isEmpty else { return [] }
        let shared = Mutex(HashingState(results: Array(repeating: nil, count: entries.count), progress: total))
        let chunker = chunker
        withoutActuallyEscaping(progress) { progress in
            DispatchQueue.concurrentPerform(iterations: min(hashingThreads, entries.count)) { _ in
                let hasher = FileHasher(root: root, chunker: chunker)
                while let index = shared.withLock({ $0.takeNext() }) {
                    let entry = entries[index]
                    let outcome = Result { () throws(HashingError) in try hasher.blocks(of: entry) }
                    let snapshot = shared.withLock { state in
                        state.results[index] = outcome
                        state.progress.filesHashed += 1
                        state.progress.bytesHashed += entry.stat.size
                        return state.progress
                    }
                    progress(snapshot)
                }
            }
        }
        return shared.withLock { $0.results.map { $0! } }
    }
}

/// Work shared by the hashing threads, under one lock.
private struct HashingState: ~Copyable {
    var results: [Result<[BlockRef], HashingError>?]
    var progress: ScanProgress
    var next = 0

    mutating func takeNext() -> Int? {
        guard next < results.count else { return nil }
        defer { next += 1 }
        return next
    }
}

extension ScanReport {
    fileprivate mutating func count(_ entry: WalkedEntry) {
        switch entry.kind {
        case .file:
            files += 1
            bytes += entry.stat.size
        case .directory: directories += 1
        case .symlink: symlinks += 1
        }
    }
}

/// Why a scan could not run at all.
public enum ScanError: Error, CustomStringConvertible {
    /// The folder root cannot be opened as a directory.
    case rootUnavailable(String, String)
    /// The index could not be read or written.
    case index(any Error)

    public var description: String {
        switch self {
        case .rootUnavailable(let root, let reason): "cannot scan \(root): \(reason)"
        case .index(let error): "the index could not be updated: \(error)"
        }
    }
}
