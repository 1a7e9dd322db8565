import Glibc

/// One record read from an inotify descriptor (`struct inotify_event`).
struct InotifyEvent: Equatable {
    /// The watch it is about, or -1 for `IN_Q_OVERFLOW`.
    var watch: Int32
    /// The `IN_*` bits.
    var mask: UInt32
    /// Pairs an `IN_MOVED_FROM` with its `IN_MOVED_TO`.
    var cookie: UInt32
    /// The name inside the watched directory, or `nil` when the event is
    /// about the directory itself.
    var name: [UInt8]?

    /// Whether any of `bits` is set in `mask`.
    func has(_ bits: Int32) -> Bool { mask & UInt32(bitPattern: bits) != 0 }

    /// The size of the fixed part of a record: `wd`, `mask`, `cookie`, `len`.
    static let headerSize = 16

    /// The records in `bytes`, which holds whole records as `read` returns
    /// them; a truncated record at the end is dropped.
    static func parse(_ bytes: UnsafeRawBufferPointer) -> [InotifyEvent] {
        var events: [InotifyEvent] = []
        var offset = 0
        while offset + headerSize <= bytes.count {
            let watch = bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)
            let mask = bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self)
            let cookie = bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
            let length = Int(bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self))
            let nameStart = offset + headerSize
            guard nameStart + length <= bytes.count else { break }
            // The name is NUL-padded to an aligned length.
            let name = Array(bytes[nameStart..<(nameStart + length)].prefix { $0 != 0 })
            events.append(InotifyEvent(watch: watch, mask: mask, cookie: cookie, name: name.isEmpty ? nil : name))
            offset = nameStart + length
        }
        return events
    }
}
