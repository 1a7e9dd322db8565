import Glibc
import ShoalIndex

/// An exclusive `flock` on the file beside a control socket, held as long
/// as this object lives; the kernel drops it when the process dies, even by
/// `kill -9`. Whoever holds it owns the socket path, so two daemons never
/// remove each other's socket.
final class ControlSocketLock: Sendable {
    private let descriptor: FileDescriptor

    private init(descriptor: FileDescriptor) {
        self.descriptor = descriptor
    }

    /// Takes the lock on `path` (created owner-only if missing) without waiting.
    ///
    /// The corresponding C functions are `open` and `flock`.
    ///
    /// - Returns: `nil` when another process, or another server in this one, holds it.
    /// - Throws: `SystemError` when the file cannot be opened or locked.
    static func acquire(_ path: String) throws(SystemError) -> ControlSocketLock? {
        let descriptor = try FileDescriptor.open(
            path, relativeTo: nil, flags: O_RDWR | O_CREAT, mode: 0o600, displayPath: path)
        while flock(descriptor.rawValue, LOCK_EX | LOCK_NB) != 0 {
            if errno == EWOULDBLOCK { return nil }
            if errno != EINTR { throw SystemError("flock", path: path) }
        }
        return ControlSocketLock(descriptor: descriptor)
    }

    /// Releases the lock now rather than when the object goes away.
    func release() {
        flock(descriptor.rawValue, LOCK_UN)
    }
}
