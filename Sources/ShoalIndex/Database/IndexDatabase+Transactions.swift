import GRDB

/// Transactions through cached BEGIN / COMMIT statements.
///
/// GRDB's `read` and `write` compile their BEGIN and COMMIT on every call,
/// which cost about a tenth of the simulator's time (each compile runs
/// GRDB's statement authorizer). The index's hot paths run many small
/// transactions, so they prepare these statements once per connection.
extension IndexDatabase {
    /// Runs `body` in an immediate write transaction, committed when it
    /// returns and rolled back when it throws.
    func writeTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in try Self.transaction(db, begin: "BEGIN IMMEDIATE TRANSACTION", body) }
    }

    /// Runs `body` in a read transaction, so its statements see one snapshot.
    func readTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.unsafeRead { db in try Self.transaction(db, begin: "BEGIN DEFERRED TRANSACTION", body) }
    }

    private static func transaction<T>(_ db: Database, begin: String, _ body: (Database) throws -> T) throws -> T {
        try db.cachedStatement(sql: begin).execute()
        let result: T
        do {
            result = try body(db)
        } catch {
            try? db.cachedStatement(sql: "ROLLBACK TRANSACTION").execute()
            throw error
        }
        try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
        return result
    }
}
