import Dispatch
import Synchronization
import Testing

@testable import ShoalRuntime

/// Consumes a watcher's `changes` and lets a test await the next one with a
/// deadline, so no test sleeps to wait for the watcher.
///
/// Each change is stamped when it arrives, on a queue of its own
/// (`InboxExecutor`): latencies measured from the stamps hold even while
/// other tests block the threads of Swift's shared pool (two on a 2-core
/// machine), which delays when the awaiting test resumes.
final class ChangeInbox: Sendable {
    /// A change and when the inbox received it.
    struct Arrival: Sendable, Equatable {
        let change: FolderChange
        let receivedAt: ContinuousClock.Instant
    }

    enum Outcome: Sendable, Equatable {
        case arrived(Arrival)
        /// The stream ended.
        case finished
        /// Nothing came before the deadline.
        case timedOut

        /// The change that arrived, if one did.
        var change: FolderChange? {
            if case .arrived(let arrival) = self { arrival.change } else { nil }
        }
    }

    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Outcome, Never>
        var timer: Task<Void, Never>?
    }

    private struct State {
        var received: [Arrival] = []
        var finished = false
        var waiter: Waiter?
        var lastID = 0
    }

    private let state = Mutex(State())

    init(_ stream: AsyncStream<FolderChange>) {
        Task(executorPreference: InboxExecutor.shared) { [self] in
            for await change in stream { deliver(.arrived(Arrival(change: change, receivedAt: .now))) }
            deliver(.finished)
        }
    }

    /// The next change, or `.finished`, or `.timedOut` after `timeout`.
    func next(within timeout: Duration = .seconds(3)) async -> Outcome {
        await withCheckedContinuation { continuation in
            let waiting: Int? = state.withLock { state in
                if !state.received.isEmpty {
                    continuation.resume(returning: .arrived(state.received.removeFirst()))
                    return nil
                }
                if state.finished {
                    continuation.resume(returning: .finished)
                    return nil
                }
                state.lastID += 1
                state.waiter = Waiter(id: state.lastID, continuation: continuation)
                return state.lastID
            }
            guard let id = waiting else { return }
            let timer = Task(executorPreference: InboxExecutor.shared) { [self] in
                try? await Task.sleep(for: timeout)
                expire(id)
            }
            state.withLock { state in
                if state.waiter?.id == id { state.waiter?.timer = timer } else { timer.cancel() }
            }
        }
    }

    /// The first change that contains `path`, and when it arrived, skipping
    /// others, within `timeout` overall; records an issue and returns `nil`
    /// otherwise.
    func arrival(
        containing path: String, within timeout: Duration = .seconds(3),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> Arrival? {
        let deadline = ContinuousClock.now + timeout
        var seen: [FolderChange] = []
        while case .arrived(let arrival) = await next(within: deadline - .now) {
            if arrival.change.paths.contains(path) { return arrival }
            seen.append(arrival.change)
        }
        Issue.record("no change reported \(path) within \(timeout); saw \(seen)", sourceLocation: sourceLocation)
        return nil
    }

    /// The first change that contains `path`, as `arrival(containing:)`.
    func change(
        containing path: String, within timeout: Duration = .seconds(3),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> FolderChange? {
        await arrival(containing: path, within: timeout, sourceLocation: sourceLocation)?.change
    }

    private func deliver(_ outcome: Outcome) {
        let waiter: Waiter? = state.withLock { state in
            if case .finished = outcome { state.finished = true }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            if case .arrived(let arrival) = outcome { state.received.append(arrival) }
            return nil
        }
        waiter?.timer?.cancel()
        waiter?.continuation.resume(returning: outcome)
    }

    private func expire(_ id: Int) {
        let waiter: Waiter? = state.withLock { state in
            guard state.waiter?.id == id else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.continuation.resume(returning: .timedOut)
    }
}

/// Runs the inbox's tasks on a serial dispatch queue instead of Swift's
/// shared pool, which tests that block its threads can stall for seconds.
final class InboxExecutor: TaskExecutor {
    static let shared = InboxExecutor()

    private let queue = DispatchQueue(label: "shoal.tests.watch-inbox")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
