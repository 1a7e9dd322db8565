import Glibc

/// An open file descriptor, closed when the last reference goes away.
///
/// `@unchecked Sendable`: the descriptor number is immutable and the kernel
/// object it names is safe to use from several threads (`pread`, `fstatat`).
package final class FileDescriptor: @unchecked Sendable {
    /// The descriptor number.
    package let rawValue: Int32

    /// Takes ownership of `rawValue`: it is closed when this object goes away.
    package init(_ rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// Opens `name` relative to `directory` (or the working directory);
    /// `mode` is used when `flags` has `O_CREAT`.
    ///
    /// The corresponding C function is `openat`.
    package static func open(
        _ name: String, relativeTo directory: FileDescriptor?, flags: Int32, mode: mode_t = 0, displayPath: String
    ) throws(SystemError) -> FileDescriptor {
        let fd = try retryingInterrupts("open", path: displayPath) {
            openat(directory?.rawValue ?? AT_FDCWD, name, flags | O_CLOEXEC, mode)
        }
        return FileDescriptor(fd)
    }

    /// The status of the open file. The corresponding C function is `fstat`.
    package func status(displayPath: String) throws(SystemError) -> stat {
        var info = stat()
        _ = try retryingInterrupts("fstat", path: displayPath) { fstat(rawValue, &info) }
        return info
    }

    deinit {
        close(rawValue)
    }
}

extension stat {
    /// The modification time in nanoseconds since the Unix epoch.
    package var modifiedNanoseconds: Int64 {
        Int64(st_mtim.tv_sec) * 1_000_000_000 + Int64(st_mtim.tv_nsec)
    }

    /// The file type bits of `st_mode`.
    package var fileType: mode_t { st_mode & S_IFMT }
}
