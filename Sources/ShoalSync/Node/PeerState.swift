import ShoalCrypto
import ShoalModel

/// What a node keeps about one connected peer.
struct PeerState {
    /// Which connection to the peer this is; a read for a request of an
    /// earlier connection is not answered on this one.
    let connection: UInt64
    /// Whether the peer is a relay (`relayConnected`).
    let isRelay: Bool
    /// The folders the peer offered in its last `ClusterConfig`; `nil`
    /// before its first on this connection.
    var offered: Set<FolderID>?
    /// Per folder, the local sequence number this peer has been sent up to;
    /// absent until the peer's `ClusterConfig` says where to start.
    var sentThrough: [FolderID: UInt64] = [:]
    /// Block requests in flight to the peer, by request ID.
    var requests: [UInt32: RequestedBlock] = [:]
    /// The next request ID to use.
    var nextRequestID: UInt32 = 1
    /// Requests from the peer being served now.
    var serving = 0
}

/// A block asked of a peer, and the pull it is for.
struct RequestedBlock {
    let id: UInt32
    let folder: FolderID
    let path: RelativePath
    let version: VersionVector
    let index: Int
}
