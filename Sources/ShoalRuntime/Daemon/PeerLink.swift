import ShoalCrypto
import ShoalProtocol

/// The daemon's handle on one authenticated connection: who is on the other
/// end, who opened it, and the queue of what to send.
///
/// Messages are queued rather than sent from the daemon's loop, so a slow
/// peer never stalls the loop; the engine bounds what it keeps in flight
/// per peer (requests and served blocks), which bounds the queue.
final class PeerLink: Sendable {
    /// What the connection's writer task does next.
    enum Outgoing: Sendable {
        /// Send a message.
        case message(Message)
        /// Send `Close(reason)` and close the connection.
        case close(String)
    }

    /// Unique among the links of one daemon run.
    let id: UInt64
    /// The device on the other end, proven by the handshake.
    let peer: DeviceID
    /// The name the peer gave in its `Hello`.
    let peerName: String
    /// The peer's address, `host:port`.
    let address: String
    /// Whether this device opened the connection.
    let initiatedLocally: Bool
    /// Whether the peer is an archive that passes on other devices' index
    /// batches (it offered `Capabilities.relay`).
    let isRelay: Bool
    private let queue: AsyncStream<Outgoing>.Continuation

    init(
        id: UInt64, peer: DeviceID, peerName: String, address: String, initiatedLocally: Bool, isRelay: Bool,
        queue: AsyncStream<Outgoing>.Continuation
    ) {
        self.id = id
        self.peer = peer
        self.peerName = peerName
        self.address = address
        self.initiatedLocally = initiatedLocally
        self.isRelay = isRelay
        self.queue = queue
    }

    /// Queues `message` for the peer.
    func send(_ message: Message) {
        queue.yield(.message(message))
    }

    /// Queues a `Close(reason)`, after which the connection closes.
    func close(reason: String) {
        queue.yield(.close(reason))
    }

    /// Which device opened the connection.
    func initiator(local: DeviceID) -> DeviceID {
        initiatedLocally ? local : peer
    }
}
