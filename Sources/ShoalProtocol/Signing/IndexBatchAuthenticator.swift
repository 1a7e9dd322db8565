public import ShoalCrypto

/// Signs this device's index batches and verifies others', for the sync
/// engine, which takes one as a dependency (the simulator can pass the same
/// real implementation; it is deterministic).
public protocol IndexBatchAuthenticator: Sendable {
    /// `batch` authored and signed by `identity`.
    ///
    /// - Throws: `IndexBatchError.unencodable` when the batch breaks a wire limit.
    func sign(_ batch: IndexBatch, as identity: DeviceIdentity) throws(IndexBatchError) -> IndexBatch

    /// Checks that `batch` is authentic and well-formed.
    ///
    /// - Throws: `IndexBatchError` saying which check failed.
    func verify(_ batch: IndexBatch) throws(IndexBatchError)
}

extension IndexBatchAuthenticator {
    /// Checks that `batch` comes from `claimedAuthor` and is authentic.
    ///
    /// - Throws: `IndexBatchError.authorMismatch` when another device wrote
    ///   it, or any error of `verify(_:)`.
    public func verify(_ batch: IndexBatch, claimedAuthor: DeviceID) throws(IndexBatchError) {
        guard batch.author == claimedAuthor else { throw .authorMismatch(claimed: claimedAuthor, actual: batch.author) }
        try verify(batch)
    }
}

/// The real authenticator: Ed25519 signatures over `IndexBatch.signedBytes()`.
/// Stateless and thread-safe.
public struct SignedIndexBatches: IndexBatchAuthenticator {
    /// Creates the authenticator.
    public init() {}

    public func sign(_ batch: IndexBatch, as identity: DeviceIdentity) throws(IndexBatchError) -> IndexBatch {
        try batch.signed(by: identity)
    }

    public func verify(_ batch: IndexBatch) throws(IndexBatchError) {
        try batch.verify()
    }
}
