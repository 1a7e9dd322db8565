import Glibc
import ShoalIndex

/// How adding one watch ended.
enum WatchAddition: Equatable {
    case added
    /// `ENOSPC`: the user's inotify watch limit is reached.
    case limitReached
    /// Any other failure, with its `errno`.
    case failed(code: Int32)
}

extension WatchLoop {
    /// Watches the folder root and every directory below it, for `start()`.
    ///
    /// - Throws: `WatcherError.rootUnavailable` when the root cannot be
    ///   watched for a reason other than the watch limit (which only makes
    ///   the folder degraded).
    func watchRoot(_ root: FileDescriptor) throws(WatcherError) {
        switch addWatch(on: root, at: "") {
        case .added, .limitReached:
            watchContents(of: root, at: "", reportingAt: nil)
        case .failed(let code):
            let reason = SystemError("inotify_add_watch", path: rootPath, code: code).reason
            throw .rootUnavailable(root: rootPath, operation: "inotify_add_watch", reason: reason)
        }
    }

    /// Adds a watch on the open directory `directory` at `path` and records
    /// it in the table.
    ///
    /// `maxWatches` (a test seam) makes it fail as if the kernel said
    /// `ENOSPC`, through the same handling as the real failure.
    @discardableResult
    func addWatch(on directory: FileDescriptor, at path: String) -> WatchAddition {
        let watch: Int32
        let code: Int32
        if let maxWatches, table.count >= maxWatches {
            (watch, code) = (-1, ENOSPC)
        } else {
            watch = inotify_add_watch(inotify.rawValue, "/proc/self/fd/\(directory.rawValue)", Self.mask)
            code = watch < 0 ? errno : 0
        }
        if watch >= 0 {
            table.insert(watch, at: path)
            return .added
        }
        let shown = path.isEmpty ? rootPath : path
        switch code {
        case ENOSPC:
            let limit = InotifyLimit.watches
            degrade(reason: limit.reason, warning: limit.warning(root: rootPath), key: "watch limit")
            return .limitReached
        case ENOENT, ENOTDIR, EACCES:
            // Gone, replaced or unreadable; the scanner says so when it meets it.
            logger.debug("not watching \(shown): \(SystemError("inotify_add_watch", path: shown, code: code).reason)")
        default:
            let error = SystemError("inotify_add_watch", path: shown, code: code)
            degrade(
                reason: "some directories cannot be watched (\(error)); falling back to periodic full rescans",
                warning: "Cannot watch every directory of \(rootPath) for changes: \(error). Shoal falls back to "
                    + "periodic full rescans of this folder.",
                key: "add failed \(code)")
        }
        return .failed(code: code)
    }

    /// Watches every directory below the open directory `directory` at `path`
    /// (not `directory` itself), never following a symlink and skipping
    /// Shoal's own names. With `now`, every path found is added to the batch
    /// too: a directory that just appeared may already hold files whose
    /// events came before its watch.
    ///
    /// A directory is watched before it is listed, so nothing created in it
    /// meanwhile goes unseen. Directories are opened only when their turn
    /// comes, so the walk holds about as many descriptors as the tree is deep.
    func watchContents(of directory: FileDescriptor, at path: String, reportingAt now: Instant?) {
        var pending: [(parent: FileDescriptor, name: String, path: String)] = []
        list(directory, at: path, reportingAt: now, into: &pending)
        while let next = pending.popLast() {
            guard
                let opened = try? FileDescriptor.open(
                    next.name, relativeTo: next.parent, flags: O_RDONLY | O_DIRECTORY | O_NOFOLLOW,
                    displayPath: next.path)
            else { continue }
            addWatch(on: opened, at: next.path)
            list(opened, at: next.path, reportingAt: now, into: &pending)
        }
    }

    /// Adds the names in `directory` to the batch (with `now`), and its
    /// subdirectories to `pending`.
    private func list(
        _ directory: FileDescriptor, at path: String, reportingAt now: Instant?,
        into pending: inout [(parent: FileDescriptor, name: String, path: String)]
    ) {
        guard let names = try? DirectoryWalker.names(in: directory, displayPath: path.isEmpty ? "." : path) else {
            return
        }
        var subdirectories: [(parent: FileDescriptor, name: String, path: String)] = []
        for raw in names {
            guard let name = String(validating: raw, as: UTF8.self) else { continue }
            let child = path.isEmpty ? name : path + "/" + name
            if ShoalInternalNames.isInternal(relativePath: child) { continue }
            if let now { batcher.add(child, at: now) }
            var info = stat()
            if fstatat(directory.rawValue, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.fileType == S_IFDIR {
                subdirectories.append((directory, name, child))
            }
        }
        // Reversed so that popping visits them in name order.
        pending.append(contentsOf: subdirectories.reversed())
    }

    /// Watches a directory that was created or moved in at `path`, and
    /// everything in it, reporting what it holds.
    func watchNewDirectory(at path: String, reportingAt now: Instant) {
        let components = path.split(separator: "/")
        // Gone again, or replaced by a symlink: nothing to watch; its events say so.
        guard let root = openRoot(), let opened = try? FolderTree(root: root).existingDirectory(components) else {
            return
        }
        addWatch(on: opened, at: path)
        watchContents(of: opened, at: path, reportingAt: now)
    }

    /// Watches the whole tree afresh, after the kernel dropped events (some
    /// may have been directories that appeared), and removes watches on
    /// directories that are no longer there.
    func rebuildWatches() {
        guard let root = openRoot() else { return }
        let old = table
        table = WatchTable()
        addWatch(on: root, at: "")
        watchContents(of: root, at: "", reportingAt: nil)
        for watch in old.watches where !table.contains(watch) {
            inotify_rm_watch(inotify.rawValue, watch)
        }
    }
}
