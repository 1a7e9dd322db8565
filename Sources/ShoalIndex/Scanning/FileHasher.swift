import Glibc
import ShoalCrypto
import ShoalModel

/// Reads files in a folder and cuts them into hashed blocks, streaming through
/// one reusable buffer, so memory stays bounded whatever the file size.
///
/// Not thread-safe: each hashing thread owns one `FileHasher`.
final class FileHasher {
    private let root: FileDescriptor
    private let chunker: Chunker
    private let buffer: UnsafeMutableRawBufferPointer

    /// - Parameter readSize: bytes asked of each `read`; the buffer also holds
    ///   one maximum-size block so a block never straddles two reads.
    init(root: FileDescriptor, chunker: Chunker, readSize: Int = 4 << 20) {
        self.root = root
        self.chunker = chunker
        buffer = .allocate(byteCount: readSize + chunker.parameters.maxSize, alignment: 64)
    }

    deinit {
        buffer.deallocate()
    }

    /// Hashes the file at `entry.path`, checking that it is still the file the
    /// walk saw and that it did not change while being read.
    ///
    /// - Returns: the ordered blocks.
    /// - Throws: `HashingError` when the file vanished, was replaced or
    ///   changed, or could not be read.
    func blocks(of entry: WalkedEntry) throws(HashingError) -> [BlockRef] {
        let path = entry.path.string
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(
                path, relativeTo: root, flags: O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK,
                displayPath: path)
        } catch {
            if error.code == ENOENT || error.code == ELOOP { throw .vanished }
            throw .unreadable(error.reason)
        }
        let before = try status(of: file, path: path)
        // Reading through a replaced parent directory is harmless only if it
        // is still the very same inode the walk saw.
        guard UInt64(before.st_ino) == entry.stat.inode, UInt64(before.st_dev) == entry.device,
            before.fileType == S_IFREG
        else { throw .replaced }

        let blocks = try readBlocks(file, path: path)

        let after = try status(of: file, path: path)
        let readSize = blocks.reduce(Int64(0)) { $0 + Int64($1.size) }
        guard readSize == Int64(after.st_size), after.modifiedNanoseconds == before.modifiedNanoseconds,
            Int64(before.st_size) == entry.stat.size, before.modifiedNanoseconds == entry.stat.modifiedNanoseconds
        else { throw .changedWhileReading }
        return blocks
    }

    private func readBlocks(_ file: FileDescriptor, path: String) throws(HashingError) -> [BlockRef] {
        let maxSize = chunker.parameters.maxSize
        var blocks: [BlockRef] = []
        var filled = 0
        var atEnd = false
        while !atEnd || filled > 0 {
            while !atEnd && filled < buffer.count {
                let count = read(file.rawValue, buffer.baseAddress! + filled, buffer.count - filled)
                if count > 0 {
                    filled += count
                } else if count == 0 {
                    atEnd = true
                } else if errno != EINTR {
                    throw .unreadable(SystemError("read", path: path).reason)
                }
            }
            var start = 0
            while filled - start >= maxSize || (atEnd && start < filled) {
                let rest = UnsafeRawBufferPointer(rebasing: buffer[start..<filled])
                let length = chunker.cutPoint(in: rest)
                let block = UnsafeRawBufferPointer(rebasing: rest[0..<length])
                blocks.append(BlockRef(hash: ContentHash.of(block), size: length))
                start += length
            }
            if start > 0 {
                memmove(buffer.baseAddress!, buffer.baseAddress! + start, filled - start)
                filled -= start
            }
        }
        return blocks
    }

    private func status(of file: FileDescriptor, path: String) throws(HashingError) -> stat {
        do {
            return try file.status(displayPath: path)
        } catch {
            throw .unreadable(error.reason)
        }
    }
}

/// Why a file's content could not be hashed.
enum HashingError: Error, CustomStringConvertible {
    case vanished
    case replaced
    case changedWhileReading
    case unreadable(String)

    var description: String {
        switch self {
        case .vanished: "it vanished during the scan"
        case .replaced: "it was replaced during the scan; the next scan will pick it up"
        case .changedWhileReading: "it changed while being read; the next scan will pick it up"
        case .unreadable(let reason): "cannot read it: \(reason)"
        }
    }
}
