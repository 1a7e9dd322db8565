import GRDB

extension VersionHistory {
    /// Drops the versions `policy` does not keep at `now`, every path at
    /// once in one write transaction: after a crash either all of them are
    /// gone or none is.
    ///
    /// Only paths with more than one version are read (a single version is
    /// always its path's current one). The transaction holds the write lock
    /// while it runs, so `record` waits for it.
    ///
    /// - Returns: the ids dropped, ascending.
    /// - Throws: `VersionHistoryError` when the transaction fails; then
    ///   nothing was dropped.
    public func applyRetention(_ policy: RetentionPolicy, now: Int64) throws(VersionHistoryError) -> [Int64] {
        try write("apply the retention policy") { db in
            let paths = try Row.fetchAll(
                db, sql: "SELECT folder, path FROM versions GROUP BY folder, path HAVING count(*) > 1 ORDER BY folder, path")
            let select = try db.cachedStatement(sql: "SELECT * FROM versions WHERE folder = ? AND path = ?")
            var dropped: [Int64] = []
            for path in paths {
                // Without blocks: retention looks only at ids, times and flags.
                let versions = try Row.fetchAll(select, arguments: [path["folder"], path["path"]]).map {
                    row throws(VersionHistoryError) in try VersionRows.version(row, blocks: [])
                }
                let ids = policy.versionsToDrop(versions, now: now)
                try Self.remove(ids: ids, db)
                dropped += ids
            }
            return dropped.sorted()
        }
    }
}
