import ArgumentParser
import Foundation
import ShoalRuntime

/// `shoal status`: what the running daemon is doing.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show this device, its folders and its peers, as the running daemon sees them.")

    @OptionGroup var homeOptions: HomeOptions

    @Flag(help: "Print one JSON object (device_id, name, listen, folders, peers).")
    var json = false

    func run() throws {
        let configured = try ConfiguredHome(homeOptions)
        guard let status = try configured.daemon.require(.status).status else {
            throw DaemonRefusal(request: .status, reason: "the reply carried no status")
        }
        if json {
            try printJSON(status)
        } else {
            print(Self.summary(of: status))
        }
    }

    /// The readable form: the device, one line per folder (with progress
    /// while it syncs), then the peers.
    static func summary(of status: DaemonStatus) -> String {
        var lines = ["\(status.name) (\(status.deviceID)), listening on \(status.listen)", ""]
        if status.folders.isEmpty {
            lines.append("No folders yet: add one with `shoal folder add FOLDER_ID PATH --share DEVICE_ID`.")
        } else {
            var table = TextTable(header: ["FOLDER", "STATE", "FILES", "SIZE", "PATH"])
            for folder in status.folders {
                var state = folder.state.rawValue
                if folder.state == .syncing {
                    state += " (\(Self.count(folder.needFiles, "entry", "entries")), \(ByteCount(folder.needBytes)) to go)"
                }
                if folder.conflicts > 0 { state += ", \(Self.count(folder.conflicts, "conflict", "conflicts"))" }
                table.append([folder.id, state, "\(folder.files)", "\(ByteCount(folder.bytes))", folder.path])
            }
            lines.append(table.text)
            for folder in status.folders {
                if let error = folder.error { lines.append("\(folder.id): \(error)") }
            }
        }
        lines.append("")
        if status.peers.isEmpty {
            lines.append("No peers yet: add one with `shoal peer add DEVICE_ID` (see `shoal peer list --discovered`).")
        } else {
            var table = TextTable(header: ["PEER", "DEVICE ID", "CONNECTED", "ADDRESS"])
            for peer in status.peers {
                table.append([
                    peer.name, String(peer.deviceID.prefix(7)), peer.connected ? "yes" : "no", peer.address ?? "-",
                ])
            }
            lines.append(table.text)
        }
        return lines.joined(separator: "\n")
    }

    /// `1 entry`, `2 entries`.
    static func count(_ number: Int, _ one: String, _ many: String) -> String {
        "\(number) \(number == 1 ? one : many)"
    }
}
