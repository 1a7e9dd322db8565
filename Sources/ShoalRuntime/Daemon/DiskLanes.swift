import Dispatch
import Synchronization
import ShoalModel
import ShoalSync

/// Runs one folder's disk operations on worker threads, off the daemon's
/// loop: operations on the same path run in the order they were given,
/// operations on different paths may run side by side.
///
/// Each path maps to one of a few serial queues by its hash, which keeps
/// the engine's per-path order (`FolderDisk`'s one rule) without a lock per
/// path, and lets reads for peers overlap with writes of pulled files.
final class DiskLanes: Sendable {
    private let disk: any DiskExecutor
    private let lanes: [DispatchQueue]
    private let keepsPathOrder: Bool
    private let next = Atomic<Int>(0)

    /// Creates `count` lanes over `disk`. Without `keepsPathOrder` (the
    /// archive, whose block writes may land in any order and each wait for
    /// an fsync), operations take the lanes in turn.
    init(disk: any DiskExecutor, label: String, count: Int = 4, keepsPathOrder: Bool = true) {
        self.disk = disk
        self.keepsPathOrder = keepsPathOrder
        lanes = (0..<max(1, count)).map { DispatchQueue(label: "\(label).\($0)", qos: .utility) }
    }

    /// Runs `operation` on its path's lane, then hands the outcome to `done`
    /// (on that lane's thread).
    func perform(_ operation: DiskOperation, done: @escaping @Sendable (DiskOutcome) -> Void) {
        let disk = disk
        lane(for: operation).async { done(disk.perform(operation)) }
    }

    /// Runs `operation` on the calling thread: for `removeAllTemporaries`,
    /// which must finish before any other operation of the folder starts.
    func performNow(_ operation: DiskOperation) -> DiskOutcome {
        disk.perform(operation)
    }

    private func lane(for operation: DiskOperation) -> DispatchQueue {
        guard keepsPathOrder else { return lanes[next.wrappingAdd(1, ordering: .relaxed).oldValue % lanes.count] }
        guard let path = operation.path else { return lanes[0] }
        var hasher = Hasher()
        hasher.combine(path)
        return lanes[Int(UInt(bitPattern: hasher.finalize()) % UInt(lanes.count))]
    }
}

extension DiskOperation {
    /// The path the operation works on, whose order matters.
    var path: RelativePath? {
        switch self {
        case .readBlock(let path, _, _): path
        case .writeTemporary(let target, _, _): target
        case .commitFile(let target, _, _, _, _, _): target
        case .discardTemporary(let target): target
        case .removeAllTemporaries: nil
        case .makeDirectory(let path, _, _): path
        case .makeSymlink(let path, _, _): path
        case .setPermissions(let path, _, _): path
        case .remove(let path, _, _): path
        }
    }
}
