import Foundation
import ShoalRuntime

/// How the CLI reaches the daemon of a home, when one runs.
struct DaemonLink {
    /// What came of asking the daemon.
    enum Answer {
        /// It answered (its reply may still carry an error).
        case replied(ControlReply)
        /// Nothing listens on the home's control socket.
        case notRunning
        /// Something listens but the exchange failed.
        case unreachable(ControlClientError)
    }

    let home: ShoalHome

    /// Asks `request`, telling a daemon that is not running from one that failed.
    func ask(_ request: ControlRequest) -> Answer {
        do {
            return .replied(try ControlClient.send(request, socketPath: home.controlSocketPath))
        } catch .daemonNotRunning {
            return .notRunning
        } catch {
            return .unreachable(error)
        }
    }

    /// Asks `request` of a daemon that must be running.
    ///
    /// - Throws: `ControlClientError` (`.daemonNotRunning` says how to start
    ///   it), or `DaemonRefusal` when the daemon answers with an error.
    func require(_ request: ControlRequest) throws -> ControlReply {
        let reply = try ControlClient.send(request, socketPath: home.controlSocketPath)
        if let error = reply.error { throw DaemonRefusal(request: request, reason: error) }
        return reply
    }

    /// Tells a running daemon to read the configuration again, and says
    /// what came of it. A daemon that is not running is no failure: it
    /// reads the configuration when it starts.
    func reloadConfiguration() {
        switch ask(.reload) {
        case .replied(let reply):
            if let error = reply.error {
                warn("the configuration is saved, but the running daemon could not apply it: \(error)")
            } else {
                print("The running daemon applied the change.")
            }
        case .notRunning:
            print("The daemon is not running; the change applies when it starts.")
        case .unreachable(let error):
            warn("the configuration is saved, but the daemon was not told to reload: \(error)")
        }
    }
}

/// The daemon answered a request with an error.
struct DaemonRefusal: Error, CustomStringConvertible {
    var request: ControlRequest
    var reason: String

    var description: String { "the daemon could not answer '\(request.rawValue)': \(reason)" }
}

/// Writes `warning: message` to standard error.
func warn(_ message: String) {
    FileHandle.standardError.write(Data("warning: \(message)\n".utf8))
}
