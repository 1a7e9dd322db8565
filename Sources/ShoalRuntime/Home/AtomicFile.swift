import Foundation
import Glibc

/// Writes whole files so that readers see the old content or the new one,
/// never a mix, even across a crash.
enum AtomicFile {
    /// Writes `data` to a temporary file beside `path`, fsyncs it, renames it
    /// over `path`, then fsyncs the directory.
    ///
    /// - Throws: `AtomicWriteError` naming the step that failed.
    static func write(_ data: Data, to path: String, permissions: mode_t) throws(AtomicWriteError) {
        let directory = (path as NSString).deletingLastPathComponent
        let temporary = "\(path).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, permissions)
        guard fd >= 0 else { throw AtomicWriteError(step: "create \(temporary)", code: errno) }
        var failure: AtomicWriteError?
        data.withUnsafeBytes { raw in
            var written = 0
            while written < raw.count {
                let count = Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = AtomicWriteError(step: "write \(temporary)", code: errno)
                    return
                }
                written += count
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = AtomicWriteError(step: "fsync \(temporary)", code: errno) }
        close(fd)
        if failure == nil, rename(temporary, path) != 0 { failure = AtomicWriteError(step: "rename to \(path)", code: errno) }
        if let failure {
            unlink(temporary)
            throw failure
        }
        let directoryFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            fsync(directoryFD)
            close(directoryFD)
        }
    }
}

/// A step of an atomic write failed.
struct AtomicWriteError: Error, CustomStringConvertible {
    let step: String
    let code: Int32

    var description: String { "\(step): \(String(cString: strerror(code)))" }
}
