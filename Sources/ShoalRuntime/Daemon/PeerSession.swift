import Synchronization
import ShoalCrypto
import ShoalProtocol

/// Runs one established connection for the daemon: announces it to the
/// loop, forwards what the peer sends, writes what the loop queues, and
/// reports the end. Returns when the connection is over.
struct PeerSession {
    let connection: PeerConnection
    let initiatedLocally: Bool
    let linkID: UInt64
    let mailbox: AsyncStream<DaemonInput>.Continuation

    func run() async {
        let (queue, continuation) = AsyncStream.makeStream(of: PeerLink.Outgoing.self)
        let link = PeerLink(
            id: linkID, peer: connection.peer, peerName: connection.peerHello.deviceName,
            address: connection.remoteAddress, initiatedLocally: initiatedLocally,
            isRelay: connection.peerHello.capabilities.contains(.relay), queue: continuation)
        mailbox.yield(.linkUp(link))
        let (inbound, outbound) = (connection.inbound, connection.outbound)
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await item in queue {
                    switch item {
                    case .message(let message):
                        do { try await outbound.send(message) } catch { return }
                    case .close(let reason):
                        await outbound.close(reason: reason)  // which also ends the reading below
                        return
                    }
                }
            }
            // A message that fails its checks was logged with the reason by the transport.
            do {
                for try await message in inbound { mailbox.yield(.received(link, message)) }
            } catch {}
            continuation.finish()
        }
        mailbox.yield(.linkDown(link))
    }
}

/// Hands out link IDs.
final class LinkCounter: Sendable {
    private let next = Atomic<UInt64>(1)

    func take() -> UInt64 {
        next.wrappingAdd(1, ordering: .relaxed).oldValue
    }
}
