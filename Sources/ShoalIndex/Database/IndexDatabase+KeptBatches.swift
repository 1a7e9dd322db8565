import Foundation
import GRDB
public import ShoalCrypto
public import ShoalModel

/// A signed index batch kept by a relay, as encoded on the wire: the index
/// does not read it, it only hands it back.
public struct KeptBatch: Hashable, Sendable {
    /// The batch's folder.
    public var folder: FolderID
    /// The device that made and signed it.
    public var author: DeviceID
    /// The sequence range it covers, `(after, through]`.
    public var after: UInt64
    public var through: UInt64
    /// The whole `IndexBatch` message, signature included.
    public var encoded: [UInt8]

    /// Creates a kept batch.
    public init(folder: FolderID, author: DeviceID, after: UInt64, through: UInt64, encoded: [UInt8]) {
        self.folder = folder
        self.author = author
        self.after = after
        self.through = through
        self.encoded = encoded
    }
}

extension IndexDatabase {
    /// Keeps `batch`; a batch of the same author ending at the same sequence
    /// replaces the one kept before.
    public func keepBatch(_ batch: KeptBatch) throws {
        try writeTransaction { db in
            try db.cachedStatement(
                sql: "INSERT OR REPLACE INTO kept_batches (folder, author, after, through, encoded) VALUES (?, ?, ?, ?, ?)"
            ).execute(arguments: [
                batch.folder.rawValue, Data(batch.author.rawBytes), Int64(batch.after), Int64(batch.through),
                Data(batch.encoded),
            ])
        }
    }

    /// The authors with kept batches in `folder`, sorted.
    public func keptAuthors(in folder: FolderID) throws -> [DeviceID] {
        try readTransaction { db in
            try Data.fetchAll(
                db, sql: "SELECT DISTINCT author FROM kept_batches WHERE folder = ?", arguments: [folder.rawValue]
            ).map { try DeviceID(rawBytes: [UInt8]($0)) }.sorted()
        }
    }

    /// The kept batches of `author` in `folder` that reach past `sequence`, oldest first.
    public func keptBatches(in folder: FolderID, by author: DeviceID, beyond sequence: UInt64) throws -> [KeptBatch] {
        try readTransaction { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT after, through, encoded FROM kept_batches
                    WHERE folder = ? AND author = ? AND through > ? ORDER BY through
                    """, arguments: [folder.rawValue, Data(author.rawBytes), Int64(sequence)]
            ).map { row in
                KeptBatch(
                    folder: folder, author: author, after: UInt64(row["after"] as Int64),
                    through: UInt64(row["through"] as Int64), encoded: [UInt8](row["encoded"] as Data))
            }
        }
    }
}
