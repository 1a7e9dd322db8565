import GRDB

/// The index's schema, as numbered migrations. Never edit a migration that
/// has shipped; add the next one.
enum IndexSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: folders, files, blocks") { db in
            // One row per folder: the last local sequence number handed out.
            try db.execute(
                sql: """
                    CREATE TABLE folders (
                        id TEXT PRIMARY KEY NOT NULL,
                        max_sequence INTEGER NOT NULL DEFAULT 0
                    ) STRICT
                    """)
            // One row per entry. The first columns are the synced record; the
            // `local_*` columns cache what the scanner last saw on disk, so a
            // rescan can skip files whose size, mtime and inode are unchanged.
            try db.execute(
                sql: """
                    CREATE TABLE files (
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
                        local_size INTEGER NOT NULL,
                        local_mtime_ns INTEGER NOT NULL,
                        local_inode INTEGER NOT NULL,
                        PRIMARY KEY (folder, path)
                    ) STRICT, WITHOUT ROWID
                    """)
            try db.execute(sql: "CREATE UNIQUE INDEX files_by_sequence ON files (folder, sequence)")
            // The ordered blocks of each file; looked up by hash to find a
            // local copy of a block before asking a peer for it.
            try db.execute(
                sql: """
                    CREATE TABLE blocks (
                        folder TEXT NOT NULL,
                        path TEXT NOT NULL,
                        position INTEGER NOT NULL,
                        offset INTEGER NOT NULL,
                        size INTEGER NOT NULL,
                        hash BLOB NOT NULL,
                        PRIMARY KEY (folder, path, position)
                    ) STRICT, WITHOUT ROWID
                    """)
            try db.execute(sql: "CREATE INDEX blocks_by_hash ON blocks (hash)")
        }
        migrator.registerMigration("v2: kept batches") { db in
            // A relay's copy of each signed index batch a device sent it, as
            // encoded on the wire, to pass on to devices that connect later.
            try db.execute(
                sql: """
                    CREATE TABLE kept_batches (
                        folder TEXT NOT NULL,
                        author BLOB NOT NULL,
                        after INTEGER NOT NULL,
                        through INTEGER NOT NULL,
                        encoded BLOB NOT NULL,
                        PRIMARY KEY (folder, author, through)
                    ) STRICT, WITHOUT ROWID
                    """)
        }
        return migrator
    }
}
