import Glibc

/// A per-user inotify limit of the kernel that keeps Shoal from watching a
/// folder fully, and the one warning line that says what to do about it.
enum InotifyLimit {
    /// `inotify_add_watch` failed with `ENOSPC`: no more watches for this user.
    case watches
    /// `inotify_init1` failed with `EMFILE`: no more inotify instances for
    /// this user (or no more open files for the process).
    case instances

    /// The sysctl name, e.g. `fs.inotify.max_user_watches`.
    var setting: String {
        switch self {
        case .watches: "fs.inotify.max_user_watches"
        case .instances: "fs.inotify.max_user_instances"
        }
    }

    /// Where the kernel shows the limit.
    var procPath: String { "/proc/sys/" + setting.replacing(".", with: "/") }

    /// A value to suggest raising it to.
    var suggestedValue: Int {
        switch self {
        case .watches: 524_288
        case .instances: 1024
        }
    }

    /// The short text for `WatcherState.degraded`.
    var reason: String {
        switch self {
        case .watches:
            "the inotify watch limit (\(setting)) is reached: some directories are not watched; "
                + "falling back to periodic full rescans"
        case .instances:
            "no inotify instance could be created (\(setting) or the open file limit is reached): "
                + "nothing is watched; falling back to periodic full rescans"
        }
    }

    /// The warning to log once: what happened, the current limit, how to
    /// raise it, and what Shoal does meanwhile.
    func warning(root: String) -> String {
        let current = Self.firstLine(of: procPath).map { " (\(procPath) is \($0))" } ?? " (see \(procPath))"
        let what =
            switch self {
            case .watches:
                "Cannot watch every directory of \(root) for changes: the inotify watch limit is reached\(current)."
            case .instances:
                "Cannot watch \(root) for changes: inotify_init1 failed with EMFILE: the limit of inotify instances "
                    + "per user is reached\(current), or the process ran out of open files."
            }
        return what + " Raise it with 'sudo sysctl \(setting)=\(suggestedValue)' (add that setting to a file in "
            + "/etc/sysctl.d/ to keep it after a reboot). Until then Shoal falls back to periodic full rescans "
            + "of this folder."
    }

    /// The first line of a small text file, or `nil` when it cannot be read.
    private static func firstLine(of path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 64)
        let count = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return nil }
        return String(decoding: bytes[..<count].prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    }
}
