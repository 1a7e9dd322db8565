/// Which directory each inotify watch is on: watch descriptor to the
/// directory's path relative to the folder root (`""` for the root), and back.
struct WatchTable {
    private var pathsByWatch: [Int32: String] = [:]
    private var watchesByPath: [String: Int32] = [:]

    /// How many watches there are.
    var count: Int { pathsByWatch.count }

    /// Every watch descriptor.
    var watches: Dictionary<Int32, String>.Keys { pathsByWatch.keys }

    /// The directory `watch` is on.
    func path(of watch: Int32) -> String? { pathsByWatch[watch] }

    /// Whether `watch` is in the table.
    func contains(_ watch: Int32) -> Bool { pathsByWatch[watch] != nil }

    /// Records `watch` on `path`. inotify gives the same descriptor for a
    /// directory watched twice, so an earlier path of `watch`, and an earlier
    /// watch on `path`, are forgotten.
    mutating func insert(_ watch: Int32, at path: String) {
        if let old = pathsByWatch.updateValue(path, forKey: watch), old != path, watchesByPath[old] == watch {
            watchesByPath[old] = nil
        }
        if let old = watchesByPath.updateValue(watch, forKey: path), old != watch {
            pathsByWatch[old] = nil
        }
    }

    /// Forgets `watch`; returns the path it was on.
    @discardableResult
    mutating func remove(_ watch: Int32) -> String? {
        guard let path = pathsByWatch.removeValue(forKey: watch) else { return nil }
        if watchesByPath[path] == watch { watchesByPath[path] = nil }
        return path
    }

    /// Forgets the watch on `path` and those on every directory below it;
    /// returns their descriptors.
    mutating func removeTree(at path: String) -> [Int32] {
        let prefix = (path + "/").utf8
        let removed = pathsByWatch.filter { _, watched in
            watched.utf8.elementsEqual(path.utf8) || watched.utf8.starts(with: prefix)
        }.map(\.key)
        for watch in removed { remove(watch) }
        return removed
    }
}
