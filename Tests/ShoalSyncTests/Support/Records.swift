import ShoalCrypto
import ShoalIndex
import ShoalModel

/// A file's content as blocks. Block `i` is `size` copies of its seed byte,
/// so equal seeds and sizes mean equal hashes, across files and tests.
struct Content: Hashable, Sendable {
    let blocks: [[UInt8]]

    init(_ seeds: UInt8..., blockSize: Int = 8) {
        blocks = seeds.map { [UInt8](repeating: $0, count: blockSize) }
    }

    static let empty = Content(blocks: [])

    private init(blocks: [[UInt8]]) {
        self.blocks = blocks
    }

    var refs: [BlockRef] { blocks.map { BlockRef(hash: ContentHash.of($0), size: $0.count) } }
    var size: Int64 { blocks.reduce(0) { $0 + Int64($1.count) } }

    /// The byte offset of block `index`.
    func offset(of index: Int) -> Int64 {
        blocks[..<index].reduce(0) { $0 + Int64($1.count) }
    }
}

/// The test folder.
let docs = try! FolderID("docs")

/// A fixed point in time (2024-03-05 14:07:09 UTC) that test mtimes count from.
let baseTime: Int64 = 1_709_647_629 * 1_000_000_000

/// Builds a record with defaults for everything a test does not care about.
func record(
    _ path: String, _ kind: FileKind = .file, content: Content = .empty, version: VersionVector,
    by author: DeviceID, mtime: Int64 = baseTime, deleted: Bool = false, permissions: UInt32? = nil,
    sequence: UInt64 = 1, in folder: FolderID = docs
) -> FileRecord {
    FileRecord(
        folder: folder, path: try! RelativePath(path), kind: kind, size: deleted ? 0 : content.size,
        permissions: deleted ? 0 : permissions ?? (kind == .directory ? 0o755 : 0o644), modifiedNanoseconds: mtime,
        version: version, isDeleted: deleted, blocks: deleted ? [] : content.refs, sequence: sequence,
        modifiedBy: author)
}

/// What a scan would see of a file with `content`, `mtime` and `inode`.
func observedFile(_ path: String, _ content: Content, mtime: Int64 = baseTime, inode: UInt64 = 1) -> ObservedEntry {
    ObservedEntry(
        path: try! RelativePath(path), kind: .file, permissions: 0o644, blocks: content.refs,
        stat: LocalStat(size: content.size, modifiedNanoseconds: mtime, inode: inode))
}

/// What a scan would see of a directory.
func observedDirectory(_ path: String, inode: UInt64 = 2) -> ObservedEntry {
    ObservedEntry(
        path: try! RelativePath(path), kind: .directory, permissions: 0o755,
        stat: LocalStat(size: 0, modifiedNanoseconds: baseTime, inode: inode))
}
