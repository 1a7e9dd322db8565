import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol
import ShoalSync

/// Everything that reaches the daemon's loop, in the order it happened:
/// the one way the world gets to the node and the daemon's state.
enum DaemonInput: Sendable {
    /// An event for the sync engine (a disk outcome, a timer).
    case node(NodeEvent)
    /// An authenticated connection is up.
    case linkUp(PeerLink)
    /// A connection closed.
    case linkDown(PeerLink)
    /// A message arrived on a connection.
    case received(PeerLink, Message)
    /// An outgoing connection attempt to a peer ended; `failure` says why it
    /// never came up, `nil` after a connection that did.
    case dialFinished(DeviceID, failure: String?)
    /// A discovery method reported something.
    case discovery(method: String, DiscoveryEvent)
    /// The watcher of a folder saw changes on disk.
    case folderChanged(FolderID)
    /// A scan of a folder ended; `failure` says why it could not run.
    case scanned(FolderID, failure: String?)
    /// A second passed: retries, periodic rescans, keepalives.
    case tick
    /// The archive's garbage collection finished.
    case collected
    /// The CLI asks something over the control socket.
    case control(ControlRequest, CheckedContinuation<ControlReply, Never>)
    /// Stop: close every connection and end the loop.
    case stop
}
