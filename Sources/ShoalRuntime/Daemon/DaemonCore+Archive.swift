import Dispatch
import Glibc
import ShoalArchive

/// The archive's housekeeping.
extension DaemonCore {
    /// Starts a garbage collection on a worker thread when one is due (at
    /// start, then every `collectionInterval`): old versions are thinned by
    /// the configured retention, then blocks no version references go.
    func collectGarbageIfDue() {
        guard let archive, !isCollecting, !isStopping else { return }
        if let last = lastCollection, ContinuousClock.now - last < settings.collectionInterval { return }
        isCollecting = true
        lastCollection = .now
        let collector = GarbageCollector(history: archive.history, blocks: archive.blocks, policy: config.archiveRetention)
        let (mailbox, logger) = (mailbox, logger)
        DispatchQueue.global(qos: .utility).async {
            do {
                let report = try collector.collect(now: Int64(time(nil)))
                if report.versionsDropped > 0 || report.blocksRemoved > 0 {
                    logger.info(
                        "archive: \(report.versionsDropped) old versions dropped, \(report.blocksRemoved) blocks (\(report.bytesFreed) bytes) freed")
                }
            } catch {
                logger.error("archive: garbage collection stopped: \(error)")
            }
            mailbox.yield(.collected)
        }
    }
}
