import Synchronization
import Testing

@testable import ShoalRuntime

/// Consumes a watcher's `changes` and lets a test await the next one with a
/// deadline, so no test sleeps to wait for the watcher.
final class ChangeInbox: Sendable {
    enum Outcome: Sendable, Equatable {
        case change(FolderChange)
        /// The stream ended.
        case finished
        /// Nothing came before the deadline.
        case timedOut
    }

    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Outcome, Never>
        var timer: Task<Void, Never>?
    }

    private struct State {
        var received: [FolderChange] = []
        var finished = false
        var waiter: Waiter?
        var lastID = 0
    }

    private let state = Mutex(State())

    init(_ stream: AsyncStream<FolderChange>) {
        Task { [self] in
            for await change in stream { deliver(.change(change)) }
            deliver(.finished)
        }
    }

    /// The next change, or `.finished`, or `.timedOut` after `timeout`.
    func next(within timeout: Duration = .seconds(3)) async -> Outcome {
        await withCheckedContinuation { continuation in
            let waiting: Int? = state.withLock { state in
                if !state.received.isEmpty {
                    continuation.resume(returning: .change(state.received.removeFirst()))
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
            let timer = Task { [self] in
                try? await Task.sleep(for: timeout)
                expire(id)
            }
            state.withLock { state in
                if state.waiter?.id == id { state.waiter?.timer = timer } else { timer.cancel() }
            }
        }
    }

    /// The first change that contains `path`, skipping others, within
    /// `timeout` overall; records an issue and returns `nil` otherwise.
    func change(
        containing path: String, within timeout: Duration = .seconds(3),
        sourceLocation: SourceLocation = #_sourceLocation
    ) async -> FolderChange? {
        let deadline = ContinuousClock.now + timeout
        var seen: [FolderChange] = []
        while case .change(let change) = await next(within: deadline - .now) {
            if change.paths.contains(path) { return change }
            seen.append(change)
        }
        Issue.record("no change reported \(path) within \(timeout); saw \(seen)", sourceLocation: sourceLocation)
        return nil
    }

    private func deliver(_ outcome: Outcome) {
        let waiter: Waiter? = state.withLock { state in
            if case .finished = outcome { state.finished = true }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter
            }
            if case .change(let change) = outcome { state.received.append(change) }
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

