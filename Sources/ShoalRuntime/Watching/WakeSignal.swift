import Glibc
import ShoalIndex

/// Wakes the watch thread out of `poll`: `signal()` writes a byte into one
/// end of a socket pair, the thread polls the other end.
///
/// A socket pair rather than `eventfd` (which Swift's Glibc module does not
/// import) or `pipe` (which cannot be created close-on-exec atomically).
struct WakeSignal: Sendable {
    /// The end the watch thread polls.
    let reader: FileDescriptor
    /// The end `signal()` writes to.
    let writer: FileDescriptor

    /// Creates the socket pair, close-on-exec and non-blocking.
    ///
    /// - Throws: `SystemError` from `socketpair`.
    init() throws(SystemError) {
        var ends: [Int32] = [-1, -1]
        let type = Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        _ = try retryingInterrupts("socketpair", path: "") { socketpair(AF_UNIX, type, 0, &ends) }
        reader = FileDescriptor(ends[0])
        writer = FileDescriptor(ends[1])
    }

    /// Makes `reader` readable. Never blocks: if the socket is full, the
    /// reader is readable already.
    func signal() {
        var byte: UInt8 = 1
        while write(writer.rawValue, &byte, 1) < 0 && errno == EINTR {}
    }
}
