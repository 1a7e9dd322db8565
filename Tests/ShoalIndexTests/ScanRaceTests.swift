import ShoalCrypto
import ShoalIndex
import ShoalModel
import Testing

/// A scan that commits what the sync engine recorded while the scan ran must
/// not turn it into a local change of this device.
@Suite struct ScanRaceTests {
    let folder = try! FolderID("docs")
    let me = try! DeviceID(rawBytes: [UInt8](repeating: 7, count: 32))
    let peer = try! DeviceID(rawBytes: [UInt8](repeating: 9, count: 32))
    let path = try! RelativePath("pulled.txt")
    let stat = LocalStat(size: 5, modifiedNanoseconds: 1_000, inode: 42)
    let blocks = [BlockRef(hash: ContentHash.of(Array("hello".utf8)), size: 5)]

    func pulledRecord() -> FileRecord {
        FileRecord(
            folder: folder, path: path, kind: .file, size: 5, permissions: 0o644, modifiedNanoseconds: 1_000,
            version: VersionVector.empty.incremented(for: peer, atLeast: 1), blocks: blocks, sequence: 0, modifiedBy: peer)
    }

    @Test func aFileTheEngineRecordedIsNotRecordedAgainAsALocalChange() throws {
        let index = try IndexDatabase.inMemory()
        let stored = try index.storeApplied(pulledRecord(), stat: stat)
        let seen = ObservedEntry(path: path, kind: .file, permissions: 0o644, blocks: blocks, stat: stat)

        try index.apply([.changed(seen)], in: folder, by: me)

        #expect(try index.maxSequence(in: folder) == stored.sequence)
        #expect(try index.record(in: folder, at: path)?.modifiedBy == peer)
    }

    @Test func aDifferentStatIsStillALocalChange() throws {
        let index = try IndexDatabase.inMemory()
        let stored = try index.storeApplied(pulledRecord(), stat: stat)
        var edited = stat
        edited.modifiedNanoseconds += 1
        let seen = ObservedEntry(path: path, kind: .file, permissions: 0o644, blocks: blocks, stat: edited)

        try index.apply([.changed(seen)], in: folder, by: me)

        #expect(try index.maxSequence(in: folder) == stored.sequence + 1)
        #expect(try index.record(in: folder, at: path)?.modifiedBy == me)
    }

    @Test func aTombstoneTheEngineRecordedIsNotDeletedAgain() throws {
        let index = try IndexDatabase.inMemory()
        var gone = pulledRecord()
        gone.isDeleted = true
        gone.blocks = []
        let stored = try index.storeApplied(gone, stat: nil)

        try index.apply([.deleted(path)], in: folder, by: me)

        #expect(try index.maxSequence(in: folder) == stored.sequence)
    }
}
