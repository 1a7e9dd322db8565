import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol

/// A file being assembled in its temporary file from local and remote blocks.
struct Pull {
    /// The version being pulled.
    let target: FileRecord
    /// Each block's byte offset in the file.
    let offsets: [Int64]
    /// Each block's progress.
    var blocks: [BlockProgress]
    /// What the path must hold when the file is moved into place.
    let expected: ExpectedEntry
    /// Where the replaced local file is kept, when it lost a conflict.
    let conflictCopy: RelativePath?
    /// Whether the replaced local file goes to the version store.
    let keepReplaced: Bool
    /// The local version the pulled one replaces (`nil`: none).
    let replaces: VersionVector?
    /// Whether the commit has been asked for.
    var committing = false
    /// For each block, a local file that held it when the pull started
    /// (reads are verified, so a stale entry only costs a request).
    var localSources: [BlockSource?] = []

    init(
        target: FileRecord, replacing local: FileRecord?, expected: ExpectedEntry, conflictCopy: RelativePath?,
        keepReplaced: Bool
    ) {
        self.target = target
        replaces = local?.version
        var offset: Int64 = 0
        offsets = target.blocks.map { block in
            defer { offset += Int64(block.size) }
            return offset
        }
        blocks = Array(repeating: BlockProgress(), count: target.blocks.count)
        self.expected = expected
        self.conflictCopy = conflictCopy
        self.keepReplaced = keepReplaced
    }

    /// Whether every block is in the temporary file.
    var isComplete: Bool { blocks.allSatisfy { $0.state == .written } }
}

/// Where one block of a pull stands. The states name the very operation or
/// request under way, so an outcome meant for an abandoned pull of the same
/// version can never advance this one.
struct BlockProgress {
    enum State: Equatable {
        /// Not asked for yet.
        case pending
        /// Being read from a local file by this operation.
        case readingLocally(OperationToken)
        /// Asked of a peer, with this request ID.
        case requested(DeviceID, UInt32)
        /// Being written to the temporary file by this operation.
        case writing(OperationToken)
        /// In the temporary file.
        case written
    }

    var state = State.pending
    /// A local copy was tried and did not hold the block.
    var localFailed = false
    /// Peers that could not serve it.
    var failedPeers: Set<DeviceID> = []
}

/// Where a local copy of a block is.
struct BlockSource: Hashable {
    let folder: FolderID
    let path: RelativePath
    let offset: Int64
    let size: Int
}

/// What a disk operation's outcome is for.
enum PendingOperation {
    /// Reading a local copy of block `index` for the pull of `path`.
    case readForPull(FolderID, RelativePath, VersionVector, index: Int)
    /// Writing block `index` of the pull of `path` (`nil`: an empty file's).
    case writeForPull(FolderID, RelativePath, VersionVector, index: Int)
    /// Moving the pulled file into place.
    case commit(FolderID, RelativePath, VersionVector)
    /// Making the local entry `record`'s (directory, symlink, permissions,
    /// removal) in place of local version `replaces`.
    case apply(FolderID, FileRecord, replaces: VersionVector?)
    /// Reading a block a peer asked for on connection `connection`.
    case serve(DeviceID, connection: UInt64, BlockRequest)
    /// Housekeeping whose outcome needs nothing more (removing temporaries).
    case housekeeping
}
