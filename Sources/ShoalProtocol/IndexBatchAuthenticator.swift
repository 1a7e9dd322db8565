public import ShoalCrypto

/// Signs the index batches a node sends and checks the ones it receives.
///
/// The sync engine takes one as a dependency so that it never handles key
/// material or signature formats itself.
public protocol IndexBatchAuthenticator: Sendable {
    /// `batch` with its `signature` set by `identity`, which must be its author.
    func sign(_ batch: IndexBatch, as identity: DeviceIdentity) -> IndexBatch
    /// Checks that `batch` is unchanged from what its author signed.
    ///
    /// - Throws: `IndexBatchError` saying what does not hold.
    func verify(_ batch: IndexBatch) throws(IndexBatchError)
}

/// Why an index batch was refused.
public struct IndexBatchError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong with the batch.
    public let reason: String

    /// Creates an error.
    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { "index batch refused: \(reason)" }
}
