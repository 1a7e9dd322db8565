import Glibc
public import ShoalCrypto
public import ShoalIndex

/// Why the block store refused or failed an operation.
///
/// Every case names the block and, where there is one, the file on disk, so
/// a log line says what to look at without more context.
public enum BlockStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `put` was given bytes whose SHA-256 is `actual`, not the `expected`
    /// hash they were offered under. Nothing was stored.
    case hashMismatch(expected: ContentHash, actual: ContentHash)
    /// A block of `size` bytes is larger than any block Shoal makes
    /// (`BlockStore.maxBlockSize`). Nothing was stored.
    case tooLarge(ContentHash, size: Int)
    /// The block is not in the store.
    case notFound(ContentHash)
    /// The file of the block at `path` does not hold the block: `reason`
    /// says what is wrong with it. Its bytes are never returned.
    case corrupt(ContentHash, path: String, reason: String)
    /// The disk (or the user's quota) is full: `operation` on `path` failed
    /// with `ENOSPC` or `EDQUOT`. The block was not stored, its temporary
    /// file was removed, and no stored block was touched.
    case noSpace(ContentHash, path: String, operation: String)
    /// Another process (or another `BlockStore` in this one) holds the
    /// store's lock file at `path`: one store has one owner.
    case inUse(path: String)
    /// A system call failed for another reason.
    case system(SystemError)

    public var description: String {
        switch self {
        case .hashMismatch(let expected, let actual):
            "refused block \(expected): its data hashes to \(actual), so it is not that block; nothing was stored"
        case .tooLarge(let hash, let size):
            "refused block \(hash): \(size) bytes is more than the largest block (\(BlockStore.maxBlockSize) bytes)"
        case .notFound(let hash):
            "block \(hash) is not in the block store"
        case .corrupt(let hash, let path, let reason):
            "block \(hash) is corrupt on disk at \(path): \(reason); remove it and fetch it again from a peer"
        case .noSpace(let hash, let path, let operation):
            "no space left for block \(hash) (\(operation) \(path) failed: disk or quota full); "
                + "the block was not stored and stored blocks are intact; free space or enlarge the volume"
        case .inUse(let path):
            "the block store is in use by another process: \(path) is locked"
        case .system(let error):
            "block store: \(error)"
        }
    }

    /// Maps a failed system call: a full disk or quota becomes `noSpace`.
    static func failed(_ error: SystemError, storing hash: ContentHash) -> BlockStoreError {
        error.code == ENOSPC || error.code == EDQUOT
            ? .noSpace(hash, path: error.path, operation: error.operation) : .system(error)
    }
}
