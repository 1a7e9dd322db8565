import ShoalProtocol
import Synchronization

/// The block requests sent on one connection and not yet answered, so each
/// response can be checked against its request as it arrives.
final class BlockRequestsInFlight: Sendable {
    private let requests = Mutex<[UInt32: BlockRequest]>([:])

    /// Records a request about to be sent.
    func add(_ request: BlockRequest) {
        requests.withLock { $0[request.id] = request }
    }

    /// Removes and returns the request `id` answers, if one is in flight.
    func take(_ id: UInt32) -> BlockRequest? {
        requests.withLock { $0.removeValue(forKey: id) }
    }
}
