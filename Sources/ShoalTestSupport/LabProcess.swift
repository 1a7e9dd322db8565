import Foundation
import Synchronization

/// A program running inside a `NetworkLab` node, next to that node's own
/// dbus-daemon and avahi-daemon.
public final class LabProcess: Sendable {
    /// Lines the node wrapper prints with the daemons' PIDs: `#lab dbus 12`.
    static let pidLinePrefix = "#lab "

    /// The lab node it runs on.
    public let node: NetworkLab.Node
    /// The program (the namespace wrappers `exec` into it) and its output,
    /// which starts with the wrapper's `#lab …` lines.
    public let process: ObservedProcess
    /// The node's dbus-daemon.
    public let dbusPID: Int32
    private let avahi: Mutex<(current: Int32?, all: [Int32])>

    /// Waits up to 15 s for the wrapper to report the daemons' PIDs.
    ///
    /// - Throws: `LabError` with the program's error output when they do not
    ///   come (the program is then killed).
    init(node: NetworkLab.Node, process: ObservedProcess) throws(LabError) {
        self.node = node
        self.process = process
        let deadline = ContinuousClock.now + .seconds(15)
        var pids = Self.helperPIDs(process.lines)
        while pids == nil, process.isRunning, ContinuousClock.now < deadline {
            usleep(10_000)
            pids = Self.helperPIDs(process.lines)
        }
        guard let pids else {
            process.stop(grace: .zero)
            throw LabError("node \(node.name) did not start its daemons: \(process.errorText)")
        }
        dbusPID = pids.dbus
        avahi = Mutex((pids.avahi, pids.avahi.map { [$0] } ?? []))
    }

    /// The node's current avahi-daemon, if one runs.
    public var avahiPID: Int32? { avahi.withLock { $0.current } }

    /// Every daemon PID this node ever had, for cleanup.
    var helperPIDs: [Int32] { [dbusPID] + avahi.withLock { $0.all } }

    /// Records a stopped (`nil`) or restarted avahi-daemon.
    func avahiChanged(_ pid: Int32?) {
        avahi.withLock {
            $0.current = pid
            if let pid { $0.all.append(pid) }
        }
    }

    /// The dbus-daemon and avahi-daemon PIDs from the wrapper's lines, once
    /// both were printed (`none` for avahi when it was not started).
    private static func helperPIDs(_ lines: [String]) -> (dbus: Int32, avahi: Int32?)? {
        var dbus: Int32?
        var avahi: Int32??
        for line in lines where line.hasPrefix(pidLinePrefix) {
            let parts = line.split(separator: " ")
            guard parts.count == 3 else { continue }
            switch parts[1] {
            case "dbus": dbus = Int32(parts[2])
            case "avahi": avahi = .some(Int32(parts[2]))
            default: break
            }
        }
        guard let dbus, let avahi else { return nil }
        return (dbus, avahi)
    }
}
