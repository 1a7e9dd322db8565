import Glibc
public import ShoalCrypto
import ShoalIndex

/// How much the block store holds.
public struct BlockStoreUsage: Hashable, Sendable {
    /// The number of blocks.
    public var blockCount: Int
    /// The sum of the block files' sizes: the blocks as stored, after compression.
    public var storedBytes: Int64
    /// The disk space allocated to the block files (`st_blocks`), which
    /// rounds each file up to the file system's block size.
    public var allocatedBytes: Int64
}

extension BlockStore {
    /// Every block in the store, sorted. Walks all shard directories.
    ///
    /// - Throws: `.system` when a directory cannot be listed.
    public func hashes() throws(BlockStoreError) -> [ContentHash] {
        var hashes: [ContentHash] = []
        try walk { file throws(BlockStoreError) in
            if case .block(let hash, _) = file { hashes.append(hash) }
        }
        return hashes.sorted()
    }

    /// The bytes the block files hold: `usage().storedBytes`.
    ///
    /// - Throws: `.system` when a directory cannot be listed.
    public func storedBytes() throws(BlockStoreError) -> Int64 {
        try usage().storedBytes
    }

    /// The number of blocks and the space their files take. Walks all shard
    /// directories and reads each file's status.
    ///
    /// - Throws: `.system` when a directory cannot be listed.
    public func usage() throws(BlockStoreError) -> BlockStoreUsage {
        var usage = BlockStoreUsage(blockCount: 0, storedBytes: 0, allocatedBytes: 0)
        try walk { file throws(BlockStoreError) in
            guard case .block(_, let path) = file else { return }
            let info: stat?
            do throws(SystemError) { info = try SystemCalls.status(path) } catch { throw .system(error) }
            guard let info else { return }  // removed while walking
            usage.blockCount += 1
            usage.storedBytes += Int64(info.st_size)
            usage.allocatedBytes += Int64(info.st_blocks) * 512
        }
        return usage
    }

    /// Removes the temporary files of writes a crash interrupted.
    func removeTemporaries() throws(BlockStoreError) {
        try walk { file throws(BlockStoreError) in
            guard case .temporary(let path) = file else { return }
            do throws(SystemError) { try SystemCalls.remove(path) } catch { throw .system(error) }
        }
    }

    // MARK: - Walking

    /// A file found in a shard directory.
    enum ShardFile {
        /// A block file, named by its hash.
        case block(ContentHash, path: String)
        /// A temporary file of a write in progress or interrupted.
        case temporary(path: String)
    }

    /// Calls `visit` for every block and temporary file, shard by shard in
    /// name order. Other names are left alone.
    func walk(_ visit: (ShardFile) throws(BlockStoreError) -> Void) throws(BlockStoreError) {
        for outer in try shardNames(in: root) {
            let outerPath = root + "/" + outer
            for inner in try shardNames(in: outerPath) {
                let shard = outerPath + "/" + inner
                for name in try names(in: shard) {
                    let path = shard + "/" + name
                    if name.hasPrefix(Self.temporaryPrefix) {
                        try visit(.temporary(path: path))
                    } else if name.hasPrefix(outer + inner), let hash = try? ContentHash(hex: name), hash.hex == name {
                        try visit(.block(hash, path: path))
                    }
                }
            }
        }
    }

    /// The names in `directory` that are shard names: two lowercase hex digits.
    private func shardNames(in directory: String) throws(BlockStoreError) -> [String] {
        try names(in: directory).filter { name in
            name.utf8.count == 2 && name.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
        }
    }

    private func names(in directory: String) throws(BlockStoreError) -> [String] {
        do {
            let fd = try FileDescriptor.open(
                directory, relativeTo: nil, flags: O_RDONLY | O_DIRECTORY, displayPath: directory)
            return try DirectoryWalker.names(in: fd, displayPath: directory).map { String(decoding: $0, as: UTF8.self) }
        } catch {
            throw .system(error)
        }
    }
}
