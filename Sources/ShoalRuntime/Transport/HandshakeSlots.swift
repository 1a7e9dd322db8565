import NIOCore
import Synchronization

/// An accepted connection still in its handshake, which can be dropped
/// from any thread.
struct PendingHandshake: Sendable {
    let eventLoop: any EventLoop
    let handler: NIOLoopBound<SecureSessionHandler>

    /// Closes the connection (on its event loop) for `reason`.
    func drop(_ reason: PeerConnectionError) {
        eventLoop.execute { handler.value.fail(reason) }
    }
}

/// The accepted connections still in their handshake, oldest first, with a
/// fixed number of places: admitting one more evicts the oldest. A real
/// peer's handshake takes milliseconds, so a crowd of idle connections
/// evicts itself rather than locking real peers out.
final class HandshakeSlots: Sendable {
    let limit: Int
    private let entries = Mutex<(nextTicket: UInt64, waiting: [(ticket: UInt64, pending: PendingHandshake)])>((0, []))

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// How many connections are in their handshake.
    var count: Int { entries.withLock { $0.waiting.count } }

    /// Takes a place for `pending`; returns its ticket and the handshakes
    /// evicted to make room (the caller drops them).
    func admit(_ pending: PendingHandshake) -> (ticket: UInt64, evicted: [PendingHandshake]) {
        entries.withLock { state in
            let ticket = state.nextTicket
            state.nextTicket += 1
            var evicted: [PendingHandshake] = []
            while state.waiting.count >= limit {
                evicted.append(state.waiting.removeFirst().pending)
            }
            state.waiting.append((ticket, pending))
            return (ticket, evicted)
        }
    }

    /// Gives up the place of `ticket` (handshake done, or connection closed).
    func release(_ ticket: UInt64) {
        entries.withLock { state in state.waiting.removeAll { $0.ticket == ticket } }
    }
}
