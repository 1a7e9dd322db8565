import ShoalCrypto
import ShoalModel
import ShoalIndex
import ShoalProtocol

/// What a relay (the archive node) does with index batches: it keeps each
/// device's signed batches as they came and passes them on, unchanged, to
/// the other devices of the folder, now and whenever they connect later.
/// The receivers check each batch against its author's signature, so a
/// relay cannot forge a change; it can only withhold one.
extension SyncNode {
    /// Keeps `batch`, just received from its author, and passes it on to the
    /// other connected devices of its folder.
    mutating func keepAndPassOn(_ batch: IndexBatch, from author: DeviceID) {
        let encoded: [UInt8]
        do {
            encoded = try MessageCodec().encode(.indexBatch(batch))
        } catch {
            output.append(.log(.warning, "cannot keep an index batch of \(author.shortID): \(error)"))
            return
        }
        _ = attempt("keep an index batch of \(author.shortID)") {
            try $0.keepBatch(
                KeptBatch(folder: batch.folder, author: author, after: batch.after, through: batch.through, encoded: encoded))
        }
        guard let folder = folders[batch.folder] else { return }
        for peer in peers.keys.sorted() where peer != author && folder.configuration.devices.contains(peer) {
            output.append(.send(to: peer, .indexBatch(batch)))
        }
    }

    /// Sends `peer` the kept batches of every other author of `folder` that
    /// go past what `peer` says it has seen of that author.
    mutating func passOnKeptBatches(of id: FolderID, to peer: DeviceID, seen: [AuthorSequence]) {
        guard let authors = attempt("read the kept batches of \(id)", { try $0.keptAuthors(in: id) }) else { return }
        for author in authors where author != peer {
            let after = seen.first { $0.author == author }?.sequence ?? 0
            guard let kept = attempt("read the kept batches of \(id)", { try $0.keptBatches(in: id, by: author, beyond: after) })
            else { continue }
            for batch in kept {
                do {
                    guard case .indexBatch(let decoded) = try MessageCodec().decode(batch.encoded) else { continue }
                    output.append(.send(to: peer, .indexBatch(decoded)))
                } catch {
                    output.append(.log(.warning, "a kept index batch of \(author.shortID) cannot be read: \(error)"))
                }
            }
        }
    }
}
