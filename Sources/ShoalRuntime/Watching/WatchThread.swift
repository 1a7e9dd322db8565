import Foundation
import Glibc

/// A POSIX thread that runs one body and can be joined, so `stop()` knows
/// the body has returned before it closes what the body used.
struct WatchThread: Sendable {
    private let thread: pthread_t

    /// Starts a thread named `name` (at most 15 bytes are kept) running `body`.
    ///
    /// `body` is `sending`: the caller gives it up, together with everything
    /// it captures, so the new thread is its only user.
    ///
    /// - Returns: the thread, or the `pthread_create` error code.
    static func start(name: String, body: sending @escaping () -> Void) -> Result<WatchThread, ThreadStartError> {
        let context = Unmanaged.passRetained(ThreadBody(name: name, run: body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, nil, { context in
            let body = Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue()
            // Swift's Glibc module lacks pthread_setname_np; Foundation sets it.
            Thread.current.name = body.name
            body.run()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            return .failure(ThreadStartError(code: result))
        }
        return .success(WatchThread(thread: thread))
    }

    /// Waits until the body has returned. Call exactly once, never from the
    /// thread itself.
    func join() {
        _ = pthread_join(thread, nil)
    }
}

/// `pthread_create` failed with `code`.
struct ThreadStartError: Error {
    let code: Int32
}

/// What the new thread runs; reaches it through `pthread_create`'s context
/// pointer.
private final class ThreadBody {
    let name: String
    let run: () -> Void

    init(name: String, run: @escaping () -> Void) {
        self.name = name
        self.run = run
    }
}
