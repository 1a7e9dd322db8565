import Foundation
import Synchronization

/// Linux network namespaces on a private bridge, each node with its own
/// dbus-daemon and avahi-daemon, for tests that need real mDNS between
/// machines without touching the host's network.
///
/// Layout: a hub namespace holds bridge `br0` (multicast snooping off); each
/// node namespace has `eth0` with `10.231.0.N/24`, a veth pair into the hub.
/// Programs run through `ip netns exec NODE unshare -m -u bash`, with a tmpfs on
/// `/run` (so dbus and avahi sockets stay private) and the node's host name.
/// Multicast never leaves the bridge. `shutdown()` kills every process the lab
/// started, by PID, and deletes the namespaces; call it from `defer`.
///
/// Needs root, `ip`, `unshare`, `nsenter`, `bash`, `dbus-daemon` and `avahi-daemon`;
/// `unavailableReason` says why a machine cannot run it.
public final class NetworkLab: Sendable {
    /// One machine of the lab.
    public struct Node: Sendable {
        /// 1-based node number.
        public let number: Int
        /// The host name inside the node, also used in messages.
        public let name: String
        /// The network namespace's name.
        public let namespace: String
        /// The node's IPv4 address on the bridge.
        public let address: String
    }

    /// The nodes, numbered from 1.
    public let nodes: [Node]
    private let hub: String
    private let processes = Mutex<[LabProcess]>([])
    private let companions = Mutex<[ObservedProcess]>([])
    private let isShutDown = Atomic<Bool>(false)

    private static let namespacePrefix = "shoal-lab-"
    private static let counter = Atomic<Int>(0)

    /// Creates `nodeCount` nodes on one bridge.
    ///
    /// - Throws: `LabError` when a namespace or link cannot be made (what was
    ///   made is removed again).
    public init(nodeCount: Int) throws(LabError) {
        Self.removeAbandonedLabs()
        let lab = "\(Self.namespacePrefix)\(getpid())-\(Self.counter.add(1, ordering: .relaxed).newValue)"
        hub = "\(lab)-hub"
        nodes = (1...nodeCount).map {
            Node(number: $0, name: "node\($0)", namespace: "\(lab)-n\($0)", address: "10.231.0.\($0)")
        }
        do {
            try LabCommand.run(["ip", "netns", "add", hub])
            try LabCommand.run(["ip", "-n", hub, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0"])
            try LabCommand.run(["ip", "-n", hub, "link", "set", "br0", "up"])
            for node in nodes {
                try LabCommand.run(["ip", "netns", "add", node.namespace])
                try LabCommand.run([
                    "ip", "link", "add", "p\(node.number)", "netns", hub, "type", "veth", "peer", "name", "eth0",
                    "netns", node.namespace,
                ])
                try LabCommand.run(["ip", "-n", hub, "link", "set", "p\(node.number)", "master", "br0", "up"])
                try LabCommand.run(["ip", "-n", node.namespace, "addr", "add", "\(node.address)/24", "dev", "eth0"])
                try LabCommand.run(["ip", "-n", node.namespace, "link", "set", "eth0", "up"])
                try LabCommand.run(["ip", "-n", node.namespace, "link", "set", "lo", "up"])
            }
        } catch {
            Self.deleteNamespaces([hub] + nodes.map(\.namespace))
            throw error
        }
    }

    deinit {
        shutdown()
    }

    // MARK: - Running programs

    /// Starts `executable arguments…` on `node`, after starting the node's
    /// dbus-daemon and (when `avahi`) avahi-daemon in its private `/run`.
    ///
    /// - Throws: `LabError` when the node's daemons do not come up.
    public func launch(_ executable: String, _ arguments: [String], on node: Node, avahi: Bool = true)
        throws(LabError) -> LabProcess
    {
        let startAvahi =
            avahi
            ? "eval \"\(Self.avahiCommand) $close\"; echo \"#lab avahi $(cat /run/avahi-daemon/pid)\";"
            : "echo '#lab avahi none';"
        let script =
            "set -e; \(Self.closeInherited) mount -t tmpfs tmpfs /run; mkdir -p /run/dbus /run/avahi-daemon; "
            + "hostname \(node.name); echo \"#lab dbus $(eval \"dbus-daemon --system --fork --print-pid $close\")\"; "
            + "\(startAvahi) exec \"$@\""
        let process = try ObservedProcess(
            "/usr/bin/env",
            ["ip", "netns", "exec", node.namespace, "unshare", "-m", "-u", "bash", "-c", script, "bash", executable]
                + arguments)
        // If the daemons do not come up, whatever did start is swept with the
        // namespace on shutdown.
        let started = try LabProcess(node: node, process: process)
        processes.withLock { $0.append(started) }
        return started
    }

    /// Starts `executable arguments…` on the node `beside` runs on, in the
    /// same namespaces (entered through its dbus-daemon), so it shares that
    /// node's dbus-daemon and avahi-daemon: a program restarted on a machine
    /// whose daemons kept running.
    ///
    /// - Throws: `LabError` when it cannot be started.
    public func launch(_ executable: String, _ arguments: [String], beside: LabProcess) throws(LabError)
        -> ObservedProcess
    {
        let process = try ObservedProcess(
            "/usr/bin/env",
            ["nsenter", "-t", String(beside.dbusPID), "-m", "-u", "-n", executable] + arguments)
        companions.withLock { $0.append(process) }
        return process
    }

    /// Takes a node's link to the bridge down (`up: false`) or back up: the
    /// node is cut off from the others, as if its cable were pulled.
    ///
    /// - Throws: `LabError` when `ip` fails.
    public func setLink(of node: Node, up: Bool) throws(LabError) {
        try LabCommand.run(["ip", "-n", hub, "link", "set", "p\(node.number)", up ? "up" : "down"])
    }

    /// Makes `a` and `b` unable to reach each other (a blackhole route on
    /// each side), while both still reach every other node.
    ///
    /// - Throws: `LabError` when `ip` fails.
    public func separate(_ a: Node, _ b: Node) throws(LabError) {
        try LabCommand.run(["ip", "-n", a.namespace, "route", "add", "blackhole", "\(b.address)/32"])
        try LabCommand.run(["ip", "-n", b.namespace, "route", "add", "blackhole", "\(a.address)/32"])
    }

    /// Kills the node's avahi-daemon (SIGTERM, as a service manager would)
    /// and waits until it is gone.
    ///
    /// - Throws: `LabError` when no avahi-daemon runs there or it does not exit.
    public func stopAvahi(of process: LabProcess) throws(LabError) {
        guard let pid = process.avahiPID else { throw LabError("no avahi-daemon runs on \(process.node.name)") }
        LabCommand.terminate([pid])
        guard LabCommand.isGone(pid) else { throw LabError("avahi-daemon \(pid) on \(process.node.name) did not exit") }
        process.avahiChanged(nil)
    }

    /// Starts avahi-daemon on the node `process` runs on, in the same
    /// namespaces (entered through its dbus-daemon), and waits for its PID file.
    ///
    /// - Throws: `LabError` when it does not start.
    public func startAvahi(of process: LabProcess) throws(LabError) {
        let target = String(process.dbusPID)
        try LabCommand.run([
            "nsenter", "-t", target, "-m", "-u", "-n", "bash", "-c",
            "\(Self.closeInherited) eval \"\(Self.avahiCommand) $close\"",
        ])
        let pidFile = "/proc/\(target)/root/run/avahi-daemon/pid"
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
                let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                process.avahiChanged(pid)
                return
            }
            usleep(10_000)
        }
        throw LabError("avahi-daemon on \(process.node.name) wrote no PID file within 5 s")
    }

    /// Starts a node's avahi-daemon in the background.
    private static let avahiCommand = "avahi-daemon --daemonize --no-drop-root --no-chroot"

    /// bash code that sets `$close` to redirections that close every
    /// descriptor above 2, for the daemons to start with. Foundation's
    /// `Process` learns that a child ended when a socket it gave the child
    /// closes; a daemon that inherited it would keep it open, and the child
    /// would look alive forever.
    private static let closeInherited =
        #"close=""; for f in /proc/$$/fd/*; do n=${f##*/}; if [ "$n" -gt 2 ]; then close="$close $n>&-"; fi; done;"#

    // MARK: - Cleanup

    /// Stops every program and daemon the lab started (by PID), then deletes
    /// the namespaces. Safe to call more than once.
    public func shutdown() {
        guard !isShutDown.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let launched = processes.withLock { list in
            defer { list.removeAll() }
            return list
        }
        for program in launched {
            program.process.stop(grace: .seconds(2))
        }
        for companion in companions.withLock({ $0 }) {
            companion.stop(grace: .seconds(2))
        }
        LabCommand.terminate(launched.flatMap(\.helperPIDs))
        Self.deleteNamespaces([hub] + nodes.map(\.namespace))
    }

    /// Kills any process still inside `namespaces` (by PID, from `ip netns
    /// pids`) and deletes them.
    private static func deleteNamespaces(_ namespaces: [String]) {
        for namespace in namespaces {
            let pids = (try? LabCommand.run(["ip", "netns", "pids", namespace]))?
                .split(whereSeparator: \.isNewline).compactMap { Int32($0) } ?? []
            LabCommand.terminate(pids, grace: .seconds(1))
            _ = try? LabCommand.run(["ip", "netns", "del", namespace])
        }
    }

    /// Deletes the namespaces of labs whose test process died without
    /// cleaning up (their names carry its PID).
    private static func removeAbandonedLabs() {
        guard let list = try? LabCommand.run(["ip", "netns", "list"]) else { return }
        let abandoned = list.split(whereSeparator: \.isNewline).compactMap { line -> String? in
            let name = String(line.split(separator: " ").first ?? "")
            guard name.hasPrefix(namespacePrefix),
                let owner = Int32(name.dropFirst(namespacePrefix.count).prefix { $0.isNumber }),
                owner != getpid(), LabCommand.isGone(owner)
            else { return nil }
            return name
        }
        deleteNamespaces(abandoned)
    }

    // MARK: - Whether the machine allows it

    /// Why this machine cannot run a lab (not root, a tool missing, network
    /// namespaces forbidden), or `nil` when it can. Checked once.
    public static let unavailableReason: String? = {
        guard geteuid() == 0 else { return "network namespace tests need root (they run ip netns add)" }
        for tool in ["ip", "unshare", "nsenter", "bash", "dbus-daemon", "avahi-daemon"] {
            guard (try? LabCommand.run(["sh", "-c", "command -v \(tool)"])) != nil else {
                return "network namespace tests need \(tool), which is not installed"
            }
        }
        let probe = "\(namespacePrefix)\(getpid())-check"
        do {
            try LabCommand.run(["ip", "netns", "add", probe])
        } catch {
            return "this machine forbids network namespaces: \(error)"
        }
        _ = try? LabCommand.run(["ip", "netns", "del", probe])
        return nil
    }()
}
