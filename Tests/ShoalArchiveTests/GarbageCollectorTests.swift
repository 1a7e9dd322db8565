import Foundation
import ShoalCrypto
import ShoalModel
import ShoalTestSupport
import Testing

@testable import ShoalArchive

@Suite struct GarbageCollectorTests {
    static let day: Int64 = 86_400
    let archive: ArchiveFiles
    /// The wall clock: block file times are compared with it.
    let now = Fixtures.wallClock

    init() throws {
        archive = try ArchiveFiles()
    }

    var store: BlockStore { archive.store }
    var history: VersionHistory { archive.history }

    var collector: GarbageCollector { GarbageCollector(history: history, blocks: store) }

    /// Stores `count` blocks of `seed` and makes them look written `age` seconds ago.
    func storeBlocks(_ seed: UInt8, count: Int = 2, age: Int64 = 2 * day) throws -> [BlockRef] {
        try (0..<count).map { index in
            let block = try store.put(Fixtures.text(20_000 + index, seed: seed))
            store.setModificationTime(of: block.hash, to: now - age)
            return block
        }
    }

    @Test func onlyUnreferencedBlocksOlderThanTheGraceAreRemoved() throws {
        let live = try storeBlocks(1)
        try history.record(Fixtures.file("a", counter: 1, blocks: live), at: now - 3 * Self.day)
        let orphan = try storeBlocks(2, count: 1)
        let young = try storeBlocks(3, count: 1, age: 600)  // an upload whose version is not recorded yet
        let orphanSize = try store.usage().storedBytes

        let report = try collector.collect(now: now)
        #expect(report.versionsDropped == 0)
        #expect(report.blocksRemoved == 1)
        #expect(report.blocksKeptForGrace == 1)
        #expect(report.missingBlocks.isEmpty)
        #expect(try store.hashes() == (live + young).map(\.hash).sorted())
        #expect(report.bytesFreed == orphanSize - (try store.usage().storedBytes))
        #expect(try !store.contains(orphan[0].hash))
    }

    @Test func blocksOfDroppedVersionsGoAndSharedBlocksStay() throws {
        let shared = try storeBlocks(1, count: 1)
        let old = try storeBlocks(2)
        let new = try storeBlocks(3)
        // Two versions on one day long ago: the earlier is dropped.
        let dropped = try history.record(Fixtures.file("a", counter: 1, blocks: shared + old), at: now - 60 * Self.day)
        try history.record(Fixtures.file("a", counter: 2, blocks: shared + new), at: now - 60 * Self.day + 1)
        try history.record(Fixtures.file("a", counter: 3, blocks: shared + new), at: now - Self.day)

        let report = try collector.collect(now: now)
        #expect(report.versionsDropped == 1)
        #expect(report.blocksRemoved == 2)
        #expect(try history.version(id: dropped.id) == nil)
        #expect(try store.hashes() == (shared + new).map(\.hash).sorted())
        try expectEveryVersionRestorable()
    }

    @Test func aCrashBetweenTheStepsLosesNoReferencedBlock() throws {
        let shared = try storeBlocks(1, count: 1)
        var everyBlock: [BlockRef] = shared
        for counter in 1...6 {
            let blocks = try storeBlocks(UInt8(10 + counter))
            everyBlock += blocks
            try history.record(
                Fixtures.file("a", counter: UInt64(counter), blocks: shared + blocks),
                at: now - 100 * Self.day + Int64(counter))
        }
        try history.record(Fixtures.file("b", counter: 1, blocks: shared), at: now - 100 * Self.day)

        // Step 1 commits, then the process dies before the sweep.
        let droppedIDs = try collector.applyRetention(now: now)
        #expect(droppedIDs.count == 5)
        #expect(try store.hashes().count == everyBlock.count)
        try archive.reopen()
        try expectEveryVersionRestorable()

        // A sweep interrupted half-way: some unreferenced blocks removed by hand.
        let referenced = try history.referencedBlocks()
        let unreferenced = everyBlock.map(\.hash).filter { !referenced.contains($0) }
        for hash in unreferenced.prefix(3) { try store.remove(hash) }
        try archive.reopen()

        let report = try collector.collect(now: now)
        #expect(report.versionsDropped == 0)
        #expect(report.blocksRemoved == unreferenced.count - 3)
        #expect(report.missingBlocks.isEmpty)
        #expect(Set(try store.hashes()) == referenced)
        try expectEveryVersionRestorable()

        // Running it again finds nothing to do.
        #expect(try collector.collect(now: now) == GarbageCollectionReport())
    }

    @Test func aBlockReusedByANewVersionIsKeptUntilTheVersionIsRecorded() throws {
        let first = try storeBlocks(1)
        let version = try history.record(Fixtures.file("a", counter: 1, blocks: first), at: now - 10 * Self.day)
        try history.record(Fixtures.file("a", counter: 2, deleted: true), at: now - 5 * Self.day)
        try history.remove(ids: [version.id])  // the blocks are now unreferenced, and old

        // A new file with the same content arrives: its blocks are already
        // stored, so the node marks them in use, then records the version.
        #expect(try store.markInUse(first.map(\.hash)).isEmpty)
        let interleaved = try collector.collect(now: now)  // runs between markInUse and record
        #expect(interleaved.blocksKeptForGrace == 2)
        try history.record(Fixtures.file("copy", counter: 1, blocks: first), at: now)

        // Long after: referenced, so still kept.
        #expect(try collector.collect(now: now + 30 * Self.day).blocksRemoved == 0)
        try expectEveryVersionRestorable()
    }

    @Test func putRefreshesABlockThatIsAlreadyStored() throws {
        let blocks = try storeBlocks(1, count: 1)
        try store.put(Fixtures.text(20_000, seed: 1))  // the same block, uploaded again
        #expect(try collector.collect(now: now).blocksKeptForGrace == 1)
        #expect(try store.contains(blocks[0].hash))
    }

    @Test func referencedBlocksMissingFromTheStoreAreReported() throws {
        let blocks = try storeBlocks(1)
        try history.record(Fixtures.file("a", counter: 1, blocks: blocks), at: now)
        try store.remove(blocks[1].hash)
        #expect(try collector.collect(now: now).missingBlocks == [blocks[1].hash])
    }

    // MARK: - Helpers

    /// Every kept version's blocks read back.
    func expectEveryVersionRestorable() throws {
        for path in ["a", "b", "copy"] {
            for version in try history.versions(in: Fixtures.folder, of: RelativePath(path)) {
                for block in version.record.blocks {
                    #expect(try store.get(block.hash).count == block.size, "version \(version.id) of \(path)")
                }
            }
        }
    }

}

/// A block store and a history in a temporary directory, which a test can
/// close and open again as after a crash.
final class ArchiveFiles {
    let directory: TemporaryDirectory
    private(set) var store: BlockStore
    private(set) var history: VersionHistory

    init() throws {
        directory = try TemporaryDirectory(prefix: "shoal-archive")
        store = try BlockStore(directory: directory.url("archive"))
        history = try VersionHistory(path: directory.url("archive/history.db"))
    }

    /// Drops the open store and history and opens them again from disk.
    func reopen() throws {
        store = try BlockStore(directory: directory.url("elsewhere"))  // releases the lock of the old one
        store = try BlockStore(directory: directory.url("archive"))
        history = try VersionHistory(path: directory.url("archive/history.db"))
    }
}
