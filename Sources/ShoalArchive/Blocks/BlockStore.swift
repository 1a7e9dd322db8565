import Glibc
public import ShoalCrypto
public import ShoalModel
import ShoalIndex
import Synchronization

/// Content-addressed block files in a directory: the archive node's copy of
/// every block it was sent.
///
/// A block lives at `blocks/ab/cd/<64 hex digits>`, named by its SHA-256
/// and sharded by its first two bytes (65,536 directories). Each file is a
/// format byte and the block, LZ4-compressed when that pays (`BlockFile`).
///
/// Durability: `put` returns only after the block file and its name are on
/// disk (temporary file in the shard directory, `fsync`, `rename`, `fsync`
/// of the directory), so a block may be acknowledged as soon as `put`
/// returns. A crash leaves at most a temporary file, removed by the next
/// `init`. Reads never return wrong bytes: `get` checks every block against
/// its hash.
///
/// One store has one owner: `init` takes an exclusive `flock` on
/// `blocks/lock`, held until the store is released. All methods are safe to
/// call from any thread; they block on disk I/O.
public final class BlockStore: Sendable {
    /// The largest block the store accepts: the wire protocol's limit.
    public static let maxBlockSize = ChunkerParameters.largestBlock

    /// The directory the store was opened in.
    public let directory: String
    /// `directory/blocks`, the root of the shards.
    let root: String
    /// Holds the `flock` that makes this store the directory's only owner.
    private let lock: FileDescriptor
    /// Serializes the moments a block's name appears (`rename`), is
    /// refreshed (`utimensat`) or disappears (`unlink`), so garbage
    /// collection can never remove a block between a `put` seeing it and
    /// that `put` refreshing it. Holds the counter for temporary names.
    private let names = Mutex<UInt64>(0)

    /// Opens the store in `directory`, creating it if needed, and removes the
    /// temporary files a crash left behind.
    ///
    /// - Throws: `BlockStoreError.inUse` when another store holds the
    ///   directory; `.system` when it cannot be created, locked or listed.
    public init(directory: String) throws(BlockStoreError) {
        self.directory = directory
        root = directory + "/blocks"
        do {
            try SystemCalls.makeDirectory(directory)
            try SystemCalls.makeDirectory(root)
            lock = try FileDescriptor.open(
                root + "/lock", relativeTo: nil, flags: O_RDWR | O_CREAT, mode: 0o600, displayPath: root + "/lock")
        } catch {
            throw .system(error)
        }
        guard flock(lock.rawValue, LOCK_EX | LOCK_NB) == 0 else {
            if errno == EWOULDBLOCK { throw .inUse(path: root + "/lock") }
            throw .system(SystemError("flock", path: root + "/lock"))
        }
        try removeTemporaries()
    }

    // MARK: - Reading

    /// The bytes of the block named `hash`, decompressed and verified.
    ///
    /// - Throws: `.notFound` when the store does not have it; `.corrupt`
    ///   when its file does not decode to bytes with that hash (the bytes
    ///   are never returned); `.system` when it cannot be read.
    public func get(_ hash: ContentHash) throws(BlockStoreError) -> [UInt8] {
        let path = path(of: hash)
        let fd: FileDescriptor
        do {
            fd = try FileDescriptor.open(path, relativeTo: nil, flags: O_RDONLY, displayPath: path)
        } catch {
            throw error.code == ENOENT ? .notFound(hash) : .system(error)
        }
        let size: Int
        do {
            size = Int(try fd.status(displayPath: path).st_size)
        } catch {
            throw .system(error)
        }
        guard size <= Self.maxBlockSize + BlockFile.lz4HeaderSize else {
            throw .corrupt(hash, path: path, reason: "the file is \(size) bytes, larger than any block file")
        }
        let content: [UInt8]
        do {
            content = try SystemCalls.read(fd, size: size, path: path)
        } catch {
            throw .system(error)
        }
        let data: [UInt8]
        do {
            data = try BlockFile.decode(content, maxSize: Self.maxBlockSize)
        } catch {
            throw .corrupt(hash, path: path, reason: error.reason)
        }
        let actual = ContentHash.of(data)
        guard actual == hash else {
            throw .corrupt(hash, path: path, reason: "its content hashes to \(actual)")
        }
        return data
    }

    /// Whether the store has a file for `hash` (its content is checked only
    /// by `get`).
    ///
    /// - Throws: `.system` when the file's status cannot be read.
    public func contains(_ hash: ContentHash) throws(BlockStoreError) -> Bool {
        do {
            return try SystemCalls.status(path(of: hash)) != nil
        } catch {
            throw .system(error)
        }
    }

    // MARK: - Writing

    /// Stores `data` as the block `hash` and returns once it is durable.
    ///
    /// Refuses data that is not that block. A block already stored is not
    /// written again; its file's modification time is refreshed instead,
    /// which keeps garbage collection away from it for its grace period
    /// (see `GarbageCollector`). Safe to call concurrently, also for the
    /// same block; its cost is mostly two `fsync`s, which concurrent calls
    /// share, so call it from several threads to store quickly
    /// (`Docs/ARCHIVE.md` has numbers).
    ///
    /// - Throws: `.hashMismatch` when `data` does not hash to `hash`;
    ///   `.tooLarge` above `maxBlockSize`; `.noSpace` when the disk or quota
    ///   is full; `.system` for other failures. Whenever it throws, the
    ///   block is not stored (or was stored before) and no temporary file
    ///   is left.
    public func put(_ data: [UInt8], hash: ContentHash) throws(BlockStoreError) {
        guard data.count <= Self.maxBlockSize else { throw .tooLarge(hash, size: data.count) }
        let actual = ContentHash.of(data)
        guard actual == hash else { throw .hashMismatch(expected: hash, actual: actual) }
        try store(data, as: hash)
    }

    /// Stores `data` under its own hash, hashing it once, as `put(_:hash:)`
    /// does when the caller has no hash to check it against.
    ///
    /// - Returns: the block's reference.
    /// - Throws: as `put(_:hash:)`, but never `.hashMismatch`.
    @discardableResult
    public func put(_ data: [UInt8]) throws(BlockStoreError) -> BlockRef {
        let hash = ContentHash.of(data)
        guard data.count <= Self.maxBlockSize else { throw .tooLarge(hash, size: data.count) }
        try store(data, as: hash)
        return BlockRef(hash: hash, size: data.count)
    }

    /// Writes the verified block `data` durably, or refreshes it when stored.
    private func store(_ data: [UInt8], as hash: ContentHash) throws(BlockStoreError) {
        if try refresh(hash) { return }

        let shard = try makeShard(of: hash)
        let path = path(of: hash)
        let temporary = shard + "/" + Self.temporaryPrefix + hash.hex + "-" + String(names.withLock { $0 += 1; return $0 })
        do {
            let fd = try FileDescriptor.open(
                temporary, relativeTo: nil, flags: O_WRONLY | O_CREAT | O_EXCL, mode: 0o644, displayPath: temporary)
            try SystemCalls.write(BlockFile.encode(data), to: fd, path: temporary)
            try SystemCalls.sync(fd, path: temporary)
            try names.withLock { _ throws(SystemError) in
                _ = try retryingInterrupts("rename", path: path) { rename(temporary, path) }
            }
        } catch {
            unlink(temporary)
            throw .failed(error, storing: hash)
        }
        do {
            try SystemCalls.syncDirectory(shard)
        } catch {
            throw .failed(error, storing: hash)
        }
    }

    /// Refreshes the modification time of each stored block in `hashes` so
    /// that garbage collection keeps it for its grace period, and returns
    /// those the store does not have.
    ///
    /// Call it just before recording a version whose blocks were not all
    /// `put` moments ago (a long upload, or blocks found already stored):
    /// when it returns no missing block, every block of the version is safe
    /// until the version row that references it is committed, provided that
    /// happens within the grace period.
    ///
    /// - Throws: `.system` when a file's time cannot be set.
    public func markInUse(_ hashes: some Sequence<ContentHash>) throws(BlockStoreError) -> [ContentHash] {
        var missing: [ContentHash] = []
        for hash in hashes where try !refresh(hash) {
            missing.append(hash)
        }
        return missing
    }

    /// Removes the block `hash`; nothing happens if the store does not have it.
    ///
    /// The removal is not flushed to disk: after a crash the block may be
    /// back, which is harmless (the next collection removes it again).
    ///
    /// - Throws: `.system` when the file cannot be removed.
    public func remove(_ hash: ContentHash) throws(BlockStoreError) {
        let path = path(of: hash)
        do {
            try names.withLock { _ throws(SystemError) in _ = try SystemCalls.remove(path) }
        } catch {
            throw .system(error)
        }
    }

    /// Removes the block `hash` unless its file was modified at or after
    /// `cutoff` (seconds since the epoch), in one step with respect to `put`
    /// and `markInUse`.
    ///
    /// - Returns: the size of the removed file, or `nil` if it was kept or absent.
    func remove(_ hash: ContentHash, ifModifiedBefore cutoff: Int64) throws(BlockStoreError) -> Int64? {
        let path = path(of: hash)
        do {
            return try names.withLock { _ throws(SystemError) -> Int64? in
                guard let info = try SystemCalls.status(path), Int64(info.st_mtim.tv_sec) < cutoff else { return nil }
                return try SystemCalls.remove(path) ? Int64(info.st_size) : nil
            }
        } catch {
            throw .system(error)
        }
    }

    // MARK: - Paths

    /// Temporary files start with this; no block name does.
    static let temporaryPrefix = ".tmp-"

    /// The file of the block `hash`: `blocks/ab/cd/abcd…`.
    func path(of hash: ContentHash) -> String {
        let hex = hash.hex
        return root + "/" + hex.prefix(2) + "/" + hex.dropFirst(2).prefix(2) + "/" + hex
    }

    /// Creates the shard directories of `hash` as needed, flushing each
    /// parent whose entries changed, and returns the inner one.
    private func makeShard(of hash: ContentHash) throws(BlockStoreError) -> String {
        let hex = hash.hex
        let outer = root + "/" + hex.prefix(2)
        let inner = outer + "/" + hex.dropFirst(2).prefix(2)
        do {
            if try SystemCalls.makeDirectory(outer) { try SystemCalls.syncDirectory(root) }
            if try SystemCalls.makeDirectory(inner) { try SystemCalls.syncDirectory(outer) }
        } catch {
            throw .failed(error, storing: hash)
        }
        return inner
    }

    /// Sets the modification time of the block `hash` to now; returns false
    /// if the store does not have it. The corresponding C function is `utimensat`.
    private func refresh(_ hash: ContentHash) throws(BlockStoreError) -> Bool {
        let path = path(of: hash)
        do {
            return try names.withLock { _ throws(SystemError) -> Bool in
                while utimensat(AT_FDCWD, path, nil, 0) != 0 {
                    if errno == ENOENT { return false }
                    if errno != EINTR { throw SystemError("utimensat", path: path) }
                }
                return true
            }
        } catch {
            throw .system(error)
        }
    }
}
