public import ShoalCrypto
public import ShoalModel

/// Records of one author's index for one folder, covering a range of that
/// author's sequence numbers, signed by the author.
///
/// Every device keeps an index of the folder as it holds it; each change gets
/// the next number of its local sequence. A batch carries the records whose
/// sequence lies in `(after, through]` (a record changed again later is in a
/// later batch only). Because the author signs the batch, any peer can
/// forward it (an archive, a third device) and the receiver can still check
/// it came unchanged from the author.
public struct IndexBatch: Hashable, Sendable {
    /// The folder.
    public var folder: FolderID
    /// The author's public key; its SHA-256 must equal `author`.
    public var authorKey: SigningPublicKey
    /// The records follow the author's sequence numbers after this one.
    public var after: UInt64
    /// The highest sequence number the batch covers.
    public var through: UInt64
    /// The records, in sequence order, each with `sequence` in `(after, through]`.
    public var records: [FileRecord]
    /// The author's Ed25519 signature of `signedBytes` (64 bytes).
    public var signature: [UInt8]

    /// The author device.
    public var author: DeviceID { authorKey.deviceID }

    /// Creates an unsigned batch (empty signature); see `signed(by:)`.
    public init(folder: FolderID, authorKey: SigningPublicKey, after: UInt64, through: UInt64, records: [FileRecord]) {
        self.folder = folder
        self.authorKey = authorKey
        self.after = after
        self.through = through
        self.records = records
        self.signature = []
    }
}
