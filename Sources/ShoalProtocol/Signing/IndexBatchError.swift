public import ShoalCrypto
public import ShoalModel

/// Why an index batch cannot be signed or is not authentic. A batch that
/// fails verification must be dropped and its sender treated as hostile or
/// broken.
public enum IndexBatchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The batch has no signature.
    case unsigned(author: DeviceID)
    /// The signature does not verify under the author's key: the batch was
    /// changed after signing, or signed by someone else.
    case badSignature(author: DeviceID)
    /// The batch's author is not the device it was expected to come from.
    case authorMismatch(claimed: DeviceID, actual: DeviceID)
    /// A record belongs to another folder than the batch.
    case foreignRecord(path: RelativePath, folder: FolderID, batchFolder: FolderID)
    /// The range is empty the wrong way round (`through < after`).
    case invalidRange(after: UInt64, through: UInt64)
    /// A record's sequence lies outside `(after, through]`.
    case sequenceOutOfRange(path: RelativePath, sequence: UInt64, after: UInt64, through: UInt64)
    /// A record's sequence is not above the previous record's.
    case sequenceNotIncreasing(path: RelativePath, sequence: UInt64, previous: UInt64)
    /// The batch cannot be put in wire form, so it cannot be signed.
    case unencodable(MessageEncodingError)

    public var description: String {
        switch self {
        case .unsigned(let author):
            "index batch of \(author) is not signed"
        case .badSignature(let author):
            "index batch claiming author \(author) has a signature that does not verify"
        case .authorMismatch(let claimed, let actual):
            "index batch expected from \(claimed) was authored by \(actual)"
        case .foreignRecord(let path, let folder, let batchFolder):
            "index batch of folder '\(batchFolder)' holds '\(path)' of folder '\(folder)'"
        case .invalidRange(let after, let through):
            "index batch range (\(after), \(through)] is reversed"
        case .sequenceOutOfRange(let path, let sequence, let after, let through):
            "record '\(path)' has sequence \(sequence), outside the batch's range (\(after), \(through)]"
        case .sequenceNotIncreasing(let path, let sequence, let previous):
            "record '\(path)' has sequence \(sequence), not above the previous record's \(previous)"
        case .unencodable(let error):
            "index batch cannot be signed: \(error)"
        }
    }
}
