import Glibc
import ShoalIndex

/// The system calls the block store makes, each retried on `EINTR` and
/// turned into a `SystemError` naming the call and the path.
enum SystemCalls {
    /// Writes all of `bytes` to `fd`. The corresponding C function is `write`.
    static func write(_ bytes: [UInt8], to fd: FileDescriptor, path: String) throws(SystemError) {
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { raw in
                Glibc.write(fd.rawValue, raw.baseAddress! + written, raw.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError("write", path: path)
            }
            written += count
        }
    }

    /// Reads up to `size` bytes of `fd` from offset 0; fewer if the file
    /// ends sooner. The corresponding C function is `pread`.
    static func read(_ fd: FileDescriptor, size: Int, path: String) throws(SystemError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: size)
        var count = 0
        while count < size {
            let read = bytes.withUnsafeMutableBytes { raw in
                pread(fd.rawValue, raw.baseAddress! + count, size - count, off_t(count))
            }
            if read < 0 {
                if errno == EINTR { continue }
                throw SystemError("read", path: path)
            }
            if read == 0 { break }  // the file shrank; what was read is checked by the caller
            count += read
        }
        return Array(bytes[..<count])
    }

    /// Flushes `fd`'s data and metadata to the disk. The corresponding C function is `fsync`.
    static func sync(_ fd: FileDescriptor, path: String) throws(SystemError) {
        _ = try retryingInterrupts("fsync", path: path) { fsync(fd.rawValue) }
    }

    /// Flushes the directory at `path`, so that names created, renamed or
    /// removed in it survive a crash.
    static func syncDirectory(_ path: String) throws(SystemError) {
        let fd = try FileDescriptor.open(path, relativeTo: nil, flags: O_RDONLY | O_DIRECTORY, displayPath: path)
        try sync(fd, path: path)
    }

    /// Creates the directory `path` unless it exists; returns whether it was
    /// created. The corresponding C function is `mkdir`.
    @discardableResult
    static func makeDirectory(_ path: String) throws(SystemError) -> Bool {
        while mkdir(path, 0o755) != 0 {
            if errno == EEXIST { return false }
            if errno != EINTR { throw SystemError("mkdir", path: path) }
        }
        return true
    }

    /// Removes the file at `path`; returns false if there was none. The
    /// corresponding C function is `unlink`.
    @discardableResult
    static func remove(_ path: String) throws(SystemError) -> Bool {
        guard unlink(path) == 0 else {
            if errno == ENOENT { return false }
            throw SystemError("unlink", path: path)
        }
        return true
    }

    /// The status of `path` without following a symlink, or `nil` if there
    /// is nothing there. The corresponding C function is `lstat`.
    static func status(_ path: String) throws(SystemError) -> stat? {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw SystemError("lstat", path: path)
        }
        return info
    }
}
