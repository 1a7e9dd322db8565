import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalSync

/// One simulated device: its engine (gone while crashed), its disk and its
/// index, which outlive a crash the way files on a real disk would.
struct SimNode {
    let number: Int
    let identity: DeviceIdentity
    let index: IndexDatabase
    var disk = SimDisk()
    var engine: SyncNode?
    /// Bumped at each crash: events scheduled before it are stale.
    var incarnation = 0
    /// Added to the virtual clock for the mtimes this node's user writes.
    let clockSkew: Int64
    /// When the disk is free for the next operation (operations run in order).
    var diskBusyUntil: SimTime = 0
    /// The generation of each running timer; a fired timer of an older
    /// generation was restarted or cancelled.
    var timers: [TimerID: Int] = [:]
    var scanScheduled = false
    /// The next scan looks at everything (after a start), not only at what changed.
    var fullScanDue = true

    var isUp: Bool { engine != nil }
    var device: DeviceID { identity.deviceID }
    var name: String { "n\(number)" }
}
