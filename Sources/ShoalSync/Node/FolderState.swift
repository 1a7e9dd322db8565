import ShoalCrypto
import ShoalModel

/// What a node knows and is doing about one folder.
struct FolderState {
    var configuration: FolderConfiguration

    init(configuration: FolderConfiguration) {
        self.configuration = configuration
    }
    /// This device's records, tombstones included.
    private(set) var local: [RelativePath: FileRecord] = [:]
    /// The highest local sequence number seen.
    private(set) var localSequence: UInt64 = 0
    /// Local sequence numbers in increasing order with the path each was
    /// given to; an entry is stale once its path has a newer number.
    private var sequenceLog: [(sequence: UInt64, path: RelativePath)] = []
    /// For each block hash, the live local files holding it, in the order
    /// they got it: where a pull finds blocks locally and a peer's request
    /// is served from, without a query.
    private var blockHolders: [ContentHash: [RelativePath]] = [:]
    /// Each author's index as received, by author.
    var remote: [DeviceID: RemoteIndex] = [:]
    /// Files being pulled.
    var pulls: [RelativePath: Pull] = [:]
    /// Paths with another disk operation in flight.
    var busy: Set<RelativePath> = []
    /// Paths to look at again.
    var dirty: Set<RelativePath> = []
    /// Paths that could not make progress; looked at again when a peer
    /// connects, an index arrives, the disk changes or the retry timer fires.
    var waiting: Set<RelativePath> = []
    /// Pulls that have blocks to ask for but every peer holding them has
    /// its window of requests full: looked at again as soon as a request
    /// to any peer ends, not at the retry timer.
    var waitingForWindow: Set<RelativePath> = []
    /// Whether the retry timer is running.
    var retryScheduled = false
    /// Local changes of a receive-only folder to undo.
    var reverting: Set<RelativePath> = []
    /// Files waiting for a free pull slot, first come first served.
    var slotQueue: [RelativePath] = []
    /// Files to remove once no pull needs their blocks any more: the old
    /// name of a renamed file stays until the new name is assembled from it.
    var deferredRemovals: Set<RelativePath> = []

    /// Whether a pull under way, waiting for a slot, or waiting for its
    /// directory needs a block that `record` holds.
    func pullsNeedBlocks(of record: FileRecord) -> Bool {
        let held = Set(record.blocks.map(\.hash))
        guard !held.isEmpty else { return false }
        let waitingFiles = waiting.compactMap { winner(at: $0) }.filter { $0.kind == .file && !$0.isDeleted }
        let needing = pulls.values.map(\.target) + slotQueue.compactMap { winner(at: $0) } + waitingFiles
        return needing.contains { target in target.blocks.contains { held.contains($0.hash) } }
    }

    var id: FolderID { configuration.id }

    /// Records `record` as this device's current record of its path (read
    /// from or just written to the index), to be looked at again.
    mutating func setLocal(_ record: FileRecord) {
        if let old = local[record.path] { updateHolders(of: old) { holders, path in holders.removeAll { $0 == path } } }
        updateHolders(of: record) { holders, path in holders.append(path) }
        local[record.path] = record
        dirty.insert(record.path)
        guard record.sequence > localSequence else { return }
        localSequence = record.sequence
        sequenceLog.append((record.sequence, record.path))
        if sequenceLog.count > 2 * local.count + 64 {
            sequenceLog.removeAll { local[$0.path]?.sequence != $0.sequence }
        }
    }

    /// A live local file holding a block with `hash` and `size`, and where.
    func localBlock(_ hash: ContentHash, size: Int) -> BlockSource? {
        for path in blockHolders[hash] ?? [] {
            var offset: Int64 = 0
            for block in local[path]?.blocks ?? [] {
                if block.hash == hash && block.size == size {
                    return BlockSource(folder: id, path: path, offset: offset, size: size)
                }
                offset += Int64(block.size)
            }
        }
        return nil
    }

    private mutating func updateHolders(
        of record: FileRecord, _ change: (inout [RelativePath], RelativePath) -> Void
    ) {
        guard record.kind == .file, !record.isDeleted else { return }
        for hash in Set(record.blocks.map(\.hash)) {
            change(&blockHolders[hash, default: []], record.path)
            if blockHolders[hash]?.isEmpty == true { blockHolders[hash] = nil }
        }
    }

    /// The local records with a sequence number after `sequence`, in
    /// sequence order: what a peer that has seen up to `sequence` lacks.
    func localRecords(after sequence: UInt64) -> [FileRecord] {
        var low = 0
        var high = sequenceLog.count
        while low < high {
            let middle = (low + high) / 2
            if sequenceLog[middle].sequence <= sequence { low = middle + 1 } else { high = middle }
        }
        return sequenceLog[low...].compactMap { entry in
            local[entry.path].flatMap { $0.sequence == entry.sequence ? $0 : nil }
        }
    }

    /// Every known record of `path`: the local one and each author's.
    func records(at path: RelativePath) -> [FileRecord] {
        (local[path].map { [$0] } ?? []) + remoteRecords(at: path)
    }

    /// The records of `path` in peers' indexes, by author.
    func remoteRecords(at path: RelativePath) -> [FileRecord] {
        remote.keys.sorted().compactMap { remote[$0]?.records[path] }
    }

    /// Every path some index knows, in order.
    var knownPaths: [RelativePath] {
        var paths = Set(local.keys)
        for index in remote.values { paths.formUnion(index.records.keys) }
        return paths.sorted()
    }

    /// The version every device converges on for `path`.
    func winner(at path: RelativePath) -> FileRecord? {
        Resolution.winner(of: records(at: path))
    }

    /// Whether some entry below `directory` exists in its winning version.
    func hasLiveDescendant(of directory: RelativePath) -> Bool {
        knownPaths.contains { $0.isWithin(directory) && $0 != directory && winner(at: $0)?.isDeleted == false }
    }

    /// Whether this device holds a live directory at `path`'s parent (or
    /// `path` is at the root).
    func hasParent(of path: RelativePath) -> Bool {
        guard let parent = path.parent else { return true }
        guard let record = local[parent] else { return false }
        return record.kind == .directory && !record.isDeleted
    }
}

/// One author's index of a folder, as received.
struct RemoteIndex {
    /// The highest sequence number covered by the batches received.
    var through: UInt64 = 0
    /// The author's records by path.
    var records: [RelativePath: FileRecord] = [:]
}
