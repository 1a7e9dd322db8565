import Foundation
import ShoalCrypto
import ShoalModel
import ShoalTestSupport
import Testing

@testable import ShoalArchive

@Suite struct VersionHistoryTests {
    let directory: TemporaryDirectory
    let history: VersionHistory
    let path = try! RelativePath("notes/plan.txt")

    init() throws {
        directory = try TemporaryDirectory(prefix: "shoal-history")
        history = try VersionHistory(path: directory.url("history.db"))
    }

    func blocks(_ seed: UInt8) -> [BlockRef] {
        [BlockRef(hash: ContentHash.of([seed]), size: 100), BlockRef(hash: ContentHash.of([seed, 1]), size: 50)]
    }

    @Test func editsBecomeVersionsNewestFirst() throws {
        let first = try history.record(Fixtures.file(path.string, counter: 1, blocks: blocks(1)), at: 1000)
        let second = try history.record(Fixtures.file(path.string, counter: 2, blocks: blocks(2)), at: 2000)
        let third = try history.record(Fixtures.file(path.string, counter: 3, blocks: blocks(3)), at: 3000)
        #expect(first.id < second.id && second.id < third.id)

        let versions = try history.versions(in: Fixtures.folder, of: path)
        #expect(versions.map(\.id) == [third.id, second.id, first.id])
        #expect(versions.map(\.storedAt) == [3000, 2000, 1000])
        #expect(versions.map(\.isCurrent) == [true, false, false])
        #expect(versions.map(\.record.blocks) == [blocks(3), blocks(2), blocks(1)])
        #expect(try history.current(in: Fixtures.folder, at: path) == third)
        #expect(try history.version(id: second.id) == versions[1])
        #expect(try history.version(id: 999) == nil)
        #expect(try history.current(in: Fixtures.folder, at: RelativePath("other")) == nil)
    }

    @Test func aRecordSurvivesTheRoundTripExactly() throws {
        var record = Fixtures.file(path.string, counter: 7, blocks: blocks(1))
        record.version = record.version.incremented(for: Fixtures.server, atLeast: 40)
        record.permissions = 0o4755
        record.sequence = UInt64.max
        let stored = try history.record(record, at: -5)
        #expect(try history.version(id: stored.id)?.record == record)

        var link = Fixtures.file("link", counter: 1)
        link.kind = .symlink
        link.symlinkTarget = "../elsewhere"
        let storedLink = try history.record(link, at: 10)
        #expect(try history.version(id: storedLink.id)?.record == link)
    }

    @Test func recordingTheSameVersionAgainChangesNothing() throws {
        let first = try history.record(Fixtures.file(path.string, counter: 1, blocks: blocks(1)), at: 1000)
        let second = try history.record(Fixtures.file(path.string, counter: 2, blocks: blocks(2)), at: 2000)
        #expect(try history.record(Fixtures.file(path.string, counter: 2, blocks: blocks(2)), at: 5000) == second)
        // An old version sent again does not become current again.
        var old = try history.record(Fixtures.file(path.string, counter: 1, blocks: blocks(1)), at: 6000)
        #expect(old == StoredVersion(id: first.id, record: first.record, storedAt: 1000, isCurrent: false))
        old = try #require(try history.current(in: Fixtures.folder, at: path))
        #expect(old.id == second.id)
        #expect(try history.versionCount() == 2)
    }

    @Test func aDeletedFileIsListedWithItsLastLiveVersion() throws {
        try history.record(Fixtures.file(path.string, counter: 1, blocks: blocks(1)), at: 1000)
        let live = try history.record(Fixtures.file(path.string, counter: 2, blocks: blocks(2)), at: 2000)
        let tombstone = try history.record(Fixtures.file(path.string, counter: 3, deleted: true), at: 3000)
        try history.record(Fixtures.file("kept.txt", counter: 1, blocks: blocks(4)), at: 3000)
        let neverLive = try history.record(Fixtures.file("ghost", counter: 1, deleted: true), at: 3000)

        var lastLive = live
        lastLive.isCurrent = false
        #expect(
            try history.deleted(in: Fixtures.folder) == [
                DeletedFile(tombstone: neverLive, lastLiveVersion: nil),
                DeletedFile(tombstone: tombstone, lastLiveVersion: lastLive),
            ])
        #expect(try history.current(in: Fixtures.folder, at: path)?.isDeleted == true)
        #expect(try history.currentVersions(in: Fixtures.folder).map(\.record.path.string) == ["ghost", "kept.txt", path.string])

        // Restored (a new version): no longer deleted.
        try history.record(Fixtures.file(path.string, counter: 4, blocks: blocks(2)), at: 4000)
        #expect(try history.deleted(in: Fixtures.folder).map(\.tombstone.id) == [neverLive.id])
    }

    @Test func removingVersionsKeepsTheCurrentOneAndNeverReusesIDs() throws {
        let first = try history.record(Fixtures.file(path.string, counter: 1, blocks: blocks(1)), at: 1000)
        let second = try history.record(Fixtures.file(path.string, counter: 2, blocks: blocks(2)), at: 2000)
        #expect(throws: VersionHistoryError.currentVersion(id: second.id, path: path.string)) {
            try history.remove(ids: [first.id, second.id])
        }
        #expect(try history.versionCount() == 2)  // all or nothing

        try history.remove(ids: [first.id, 12345])
        #expect(try history.versions(in: Fixtures.folder, of: path) == [second])
        #expect(try history.referencedBlocks() == Set(blocks(2).map(\.hash)))

        let third = try history.record(Fixtures.file("new", counter: 1), at: 3000)
        #expect(third.id > second.id)
    }

    @Test func referencedBlocksAreThoseOfEveryKeptVersion() throws {
        try history.record(Fixtures.file(path.string, counter: 1, blocks: blocks(1)), at: 1000)
        try history.record(Fixtures.file(path.string, counter: 2, blocks: blocks(2)), at: 2000)
        try history.record(Fixtures.file("copy", counter: 1, blocks: blocks(2)), at: 2000)
        try history.record(Fixtures.file(path.string, counter: 3, deleted: true), at: 3000)
        #expect(try history.referencedBlocks() == Set((blocks(1) + blocks(2)).map(\.hash)))
    }

    @Test func theHistoryOutlivesItsDatabaseConnection() throws {
        let file = directory.url("reopened.db")
        var stored: StoredVersion
        do {
            let history = try VersionHistory(path: file)
            stored = try history.record(Fixtures.file(path.string, counter: 1, blocks: blocks(1)), at: 1000)
        }
        let reopened = try VersionHistory(path: file)
        #expect(try reopened.current(in: Fixtures.folder, at: path) == stored)
        stored = try reopened.record(Fixtures.file(path.string, counter: 2), at: 2000)
        #expect(stored.id == 2)
    }

    @Test func blocksAreFoundByTheirOffset() throws {
        let version = try history.record(Fixtures.file(path.string, counter: 1, blocks: blocks(1)), at: 1000)
        #expect(version.block(startingAt: 0) == blocks(1)[0])
        #expect(version.block(startingAt: 100) == blocks(1)[1])
        #expect(version.block(startingAt: 50) == nil)
        #expect(version.block(startingAt: 150) == nil)
    }

    @Test func anInMemoryHistoryWorksTheSame() throws {
        let history = try VersionHistory.inMemory()
        let stored = try history.record(Fixtures.file(path.string, counter: 1, blocks: blocks(1)), at: 1000)
        #expect(try history.versions(in: Fixtures.folder, of: path) == [stored])
    }
}
