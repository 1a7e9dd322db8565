import Glibc
import Testing

@testable import ShoalRuntime

/// Parsing inotify records, and the watch table.
@Suite("Watching: inotify records and watch table")
struct InotifyRecordTests {
    @Test("records with and without names, NUL padding removed")
    func parse() {
        var bytes: [UInt8] = []
        func record(_ watch: Int32, _ mask: Int32, _ cookie: UInt32, _ name: [UInt8]) {
            withUnsafeBytes(of: watch.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: UInt32(bitPattern: mask).littleEndian) { bytes += $0 }
            withUnsafeBytes(of: cookie.littleEndian) { bytes += $0 }
            withUnsafeBytes(of: UInt32(name.count).littleEndian) { bytes += $0 }
            bytes += name
        }
        record(1, IN_CREATE, 0, Array("a.txt".utf8) + [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
        record(2, IN_DELETE_SELF, 0, [])
        record(-1, IN_Q_OVERFLOW, 7, [])
        let events = bytes.withUnsafeBytes { InotifyEvent.parse($0) }
        #expect(
            events == [
                InotifyEvent(watch: 1, mask: UInt32(IN_CREATE), cookie: 0, name: Array("a.txt".utf8)),
                InotifyEvent(watch: 2, mask: UInt32(IN_DELETE_SELF), cookie: 0, name: nil),
                InotifyEvent(watch: -1, mask: UInt32(IN_Q_OVERFLOW), cookie: 7, name: nil),
            ])
        // A record cut short is dropped, not misread.
        let cut = bytes.dropLast(20).withUnsafeBytes { InotifyEvent.parse($0) }
        #expect(cut.count == 1)
    }

    @Test("a watch table forgets whole subtrees and stale paths")
    func table() {
        var table = WatchTable()
        table.insert(1, at: "")
        table.insert(2, at: "a")
        table.insert(3, at: "a/b")
        table.insert(4, at: "ab")
        #expect(Set(table.removeTree(at: "a")) == [2, 3])
        #expect(table.path(of: 4) == "ab")
        #expect(table.count == 2)
        // The same directory watched again under a new path.
        table.insert(4, at: "c")
        #expect(table.path(of: 4) == "c")
        #expect(table.removeTree(at: "ab") == [])
    }
}

/// The one warning line for each inotify limit.
@Suite("Watching: inotify limit warnings")
struct InotifyLimitTests {
    @Test("each warning names the limit, where it is, how to raise it, and the fallback")
    func warnings() {
        let watches = InotifyLimit.watches.warning(root: "/data/photos")
        for part in [
            "/data/photos", "watch limit", "/proc/sys/fs/inotify/max_user_watches",
            "sysctl fs.inotify.max_user_watches=524288", "periodic full rescans",
        ] {
            #expect(watches.contains(part), "\(part) missing from: \(watches)")
        }
        let instances = InotifyLimit.instances.warning(root: "/data/photos")
        for part in [
            "/data/photos", "EMFILE", "/proc/sys/fs/inotify/max_user_instances",
            "sysctl fs.inotify.max_user_instances=1024", "periodic full rescans",
        ] {
            #expect(instances.contains(part), "\(part) missing from: \(instances)")
        }
        #expect(!watches.contains("\n") && !instances.contains("\n"))
    }
}
