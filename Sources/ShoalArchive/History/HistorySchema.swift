import GRDB

/// The version history's schema, as numbered migrations. Never edit a
/// migration that has shipped; add the next one.
enum HistorySchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: versions, version_blocks") { db in
            // One row per version of a path. AUTOINCREMENT so the id of a
            // removed version is never given to another: ids are what users
            // pass to `shoal restore --version`.
            try db.execute(
                sql: """
                    CREATE TABLE versions (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        folder TEXT NOT NULL,
                        path TEXT NOT NULL,
                        kind INTEGER NOT NULL,
                        size INTEGER NOT NULL,
                        permissions INTEGER NOT NULL,
                        modified_ns INTEGER NOT NULL,
                        version BLOB NOT NULL,
                        deleted INTEGER NOT NULL,
                        symlink_target TEXT,
                        sequence INTEGER NOT NULL,
                        modified_by BLOB NOT NULL,
                        stored_at INTEGER NOT NULL,
                        is_current INTEGER NOT NULL
                    ) STRICT
                    """)
            // A version vector names one version of a path: recording it
            // again finds this row.
            try db.execute(sql: "CREATE UNIQUE INDEX versions_by_vector ON versions (folder, path, version)")
            // At most one current version per path.
            try db.execute(
                sql: "CREATE UNIQUE INDEX versions_current ON versions (folder, path) WHERE is_current = 1")
            try db.execute(sql: "CREATE INDEX versions_by_path ON versions (folder, path, id)")
            // The ordered blocks of each version; looked up by hash to tell
            // which stored blocks are still referenced.
            try db.execute(
                sql: """
                    CREATE TABLE version_blocks (
                        version_id INTEGER NOT NULL REFERENCES versions (id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        hash BLOB NOT NULL,
                        size INTEGER NOT NULL,
                        PRIMARY KEY (version_id, position)
                    ) STRICT, WITHOUT ROWID
                    """)
            try db.execute(sql: "CREATE INDEX version_blocks_by_hash ON version_blocks (hash)")
        }
        return migrator
    }
}
