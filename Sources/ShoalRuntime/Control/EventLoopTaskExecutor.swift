import NIOCore

/// Runs Swift tasks on one NIO event loop's thread.
///
/// The control server runs its handler here rather than on Swift
/// concurrency's shared threads, so that `shoal status` is answered even
/// while those threads are busy hashing (two of them on a two-core machine).
final class EventLoopTaskExecutor: TaskExecutor {
    private let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
