import Logging
import NIOCore
public import ShoalProtocol

/// The messages a connected peer sends, in order, already authenticated
/// and checked: every index batch verified, every block response matched
/// to its request and its data hashed. A message that fails a check closes
/// the connection with one log line, and iteration throws the
/// `PeerConnectionError`. Iteration ends after the peer's `Close`.
///
/// Iterate it once, from one task.
public struct PeerInbound: AsyncSequence {
    public typealias Element = Message

    private let iterator: NIOAsyncChannelInboundStream<Message>.AsyncIterator
    private let checks: InboundChecks

    init(iterator: NIOAsyncChannelInboundStream<Message>.AsyncIterator, checks: InboundChecks) {
        self.iterator = iterator
        self.checks = checks
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(base: iterator, checks: checks)
    }

    /// Iterates the peer's messages.
    public struct Iterator: AsyncIteratorProtocol {
        var base: NIOAsyncChannelInboundStream<Message>.AsyncIterator
        let checks: InboundChecks
        var finished = false

        /// The next message, or `nil` after the peer's `Close` or once the
        /// connection is closed.
        ///
        /// - Throws: `PeerConnectionError` saying why the connection was closed.
        public mutating func next() async throws -> Message? {
            guard !finished, let message = try await base.next() else { return nil }
            try checks.check(message)
            if case .close = message { finished = true }
            return message
        }
    }
}

/// The checks on inbound messages that run on the reading task rather than
/// the event loop: signature verification and block hashing.
struct InboundChecks: Sendable {
    let authenticator: any IndexBatchAuthenticator
    let requests: BlockRequestsInFlight
    let verifiesBlocks: Bool
    let channel: any Channel
    let logger: Logger
    let description: String

    func check(_ message: Message) throws {
        do throws(PeerConnectionError) {
            switch message {
            case .indexBatch(let batch):
                do {
                    try authenticator.verify(batch)
                } catch {
                    throw .invalidIndexBatch(error)
                }
            case .response(let response):
                guard let request = requests.take(response.id) else { throw .unknownResponse(id: response.id) }
                if verifiesBlocks, case .success = response.result {
                    do {
                        _ = try request.verifiedData(from: response)
                    } catch {
                        throw .badBlockResponse(error)
                    }
                }
            default:
                break
            }
        } catch {
            logger.warning("closing connection with \(description): \(error)")
            channel.close(promise: nil)
            throw error
        }
    }
}
