import ArgumentParser
import Dispatch
import Foundation
import Logging
import ShoalRuntime
import Synchronization

/// `shoal daemon`: sync this device's folders with its peers, in the foreground.
struct DaemonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Sync this device's folders with its peers (runs in the foreground, logs to stderr).",
        discussion: "Stops cleanly on SIGINT or SIGTERM; SIGHUP re-reads config.json.")

    @OptionGroup var homeOptions: HomeOptions

    @OptionGroup var listenOptions: ListenOptions

    @Flag(name: .customLong("no-mdns"), help: "Do not announce or look for devices on the LAN over mDNS.")
    var noMDNS = false

    func run() throws {
        let home = ShoalHome(path: homeOptions.home)
        let settings = DaemonSettings(listen: try listenOptions.address, mdns: noMDNS ? false : nil)
        try Self.runInForeground(Daemon(home: home, settings: settings, logger: Logger(label: "shoal")))
    }

    /// Runs `daemon` until SIGINT or SIGTERM; SIGHUP makes it reload.
    static func runInForeground(_ daemon: Daemon) throws {
        let signals = SignalHandlers(stop: { daemon.stop() }, reload: { daemon.reload() })
        defer { signals.cancel() }
        let failure = Mutex<(any Error)?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                try await daemon.run()
            } catch {
                failure.withLock { $0 = error }
            }
            done.signal()
        }
        done.wait()
        if let error = failure.withLock({ $0 }) { throw error }
    }
}

/// Turns SIGINT and SIGTERM into a clean stop and SIGHUP into a reload.
private struct SignalHandlers {
    private let sources: [any DispatchSourceSignal]

    init(stop: @escaping @Sendable () -> Void, reload: @escaping @Sendable () -> Void) {
        var sources: [any DispatchSourceSignal] = []
        for (number, action) in [(SIGINT, stop), (SIGTERM, stop), (SIGHUP, reload)] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: action)
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
