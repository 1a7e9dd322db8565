import Foundation
import Glibc
import ShoalCrypto
import ShoalTestSupport
import Testing

@testable import ShoalArchive

@Suite struct BlockStoreTests {
    let directory: TemporaryDirectory
    let store: BlockStore

    init() throws {
        directory = try TemporaryDirectory(prefix: "shoal-blocks")
        store = try BlockStore(directory: directory.path)
    }

    @Test(arguments: [0, 1, 63, 64, 4096, 128 << 10, 1 << 20])
    func blocksReadBackAsStored(size: Int) throws {
        var random = SplitMix64(seed: UInt64(size))
        for data in [random.bytes(size), Fixtures.text(size)] {
            let block = try store.put(data)
            #expect(try store.contains(block.hash))
            #expect(try store.get(block.hash) == data)
        }
    }

    @Test func blocksAreShardedByTheirHashPrefix() throws {
        let block = try store.put(Fixtures.text(1000))
        let hex = block.hash.hex
        let expected = "\(directory.path)/blocks/\(hex.prefix(2))/\(hex.dropFirst(2).prefix(2))/\(hex)"
        #expect(FileManager.default.fileExists(atPath: expected))
        #expect(try store.hashes() == [block.hash])
    }

    @Test func dataWithTheWrongHashIsRefusedAndNotStored() throws {
        let data = Fixtures.text(5000)
        let claimed = ContentHash.of(Fixtures.text(5000, seed: 9))
        #expect(throws: BlockStoreError.hashMismatch(expected: claimed, actual: ContentHash.of(data))) {
            try store.put(data, hash: claimed)
        }
        #expect(try !store.contains(claimed))
        #expect(try store.hashes().isEmpty)
        #expect(try store.temporaries().isEmpty)
    }

    @Test func aCorruptFileIsReportedNotReturned() throws {
        let data = Fixtures.text(50_000)
        let block = try store.put(data)
        let path = store.path(of: block.hash)
        var content = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        content[content.count / 2] ^= 0x40
        try Data(content).write(to: URL(fileURLWithPath: path))
        #expect {
            try store.get(block.hash)
        } throws: { error in
            guard case .corrupt(let hash, let at, _) = error as? BlockStoreError else { return false }
            return hash == block.hash && at == path
        }

        // A raw block flipped, a truncated file, an empty file, an unknown
        // format: never wrong bytes.
        var random = SplitMix64(seed: 1)
        let data2 = random.bytes(10_000)
        let raw = try store.put(data2)
        let damages: [(inout [UInt8]) -> Void] = [{ $0[5000] ^= 1 }, { $0.removeLast(10) }, { $0 = [] }, { $0[0] = 7 }]
        for damage in damages {
            var bytes = BlockFile.encode(data2)
            damage(&bytes)
            try Data(bytes).write(to: URL(fileURLWithPath: store.path(of: raw.hash)))
            #expect {
                try store.get(raw.hash)
            } throws: { error in
                guard case .corrupt(raw.hash, _, _) = error as? BlockStoreError else { return false }
                return true
            }
        }
    }

    @Test func compressibleBlocksAreStoredCompressed() throws {
        let data = Fixtures.text(128 << 10)
        let block = try store.put(data)
        let usage = try store.usage()
        #expect(usage.storedBytes < Int64(data.count) / 4)
        #expect(try store.get(block.hash) == data)
    }

    @Test func randomBlocksAreStoredAsTheyAre() throws {
        var random = SplitMix64(seed: 7)
        let data = random.bytes(128 << 10)
        try store.put(data)
        #expect(try store.storedBytes() == Int64(data.count) + 1)  // the format byte only
    }

    @Test func storingABlockAgainChangesNothingButItsTime() throws {
        let data = Fixtures.text(10_000)
        let block = try store.put(data)
        store.setModificationTime(of: block.hash, to: 1_000_000)
        let before = try store.usage()
        try store.put(data)
        #expect(try store.usage() == before)
        #expect(try modificationTime(of: block.hash) > 1_000_000)
    }

    @Test func markInUseRefreshesStoredBlocksAndNamesMissingOnes() throws {
        let stored = try store.put(Fixtures.text(10_000))
        let missing = ContentHash.of(Fixtures.text(10, seed: 3))
        store.setModificationTime(of: stored.hash, to: 1_000_000)
        #expect(try store.markInUse([stored.hash, missing]) == [missing])
        #expect(try modificationTime(of: stored.hash) > 1_000_000)
    }

    @Test func removingABlockForgetsIt() throws {
        let block = try store.put(Fixtures.text(10_000))
        try store.remove(block.hash)
        try store.remove(block.hash)  // again: nothing to do
        #expect(try !store.contains(block.hash))
        #expect(throws: BlockStoreError.notFound(block.hash)) { try store.get(block.hash) }
    }

    @Test func blocksLargerThanAnyBlockAreRefused() throws {
        let data = [UInt8](repeating: 0, count: BlockStore.maxBlockSize + 1)
        let hash = ContentHash.of(data)
        #expect(throws: BlockStoreError.tooLarge(hash, size: data.count)) { try store.put(data, hash: hash) }
    }

    @Test func leftoversOfAnInterruptedWriteAreRemovedOnOpen() throws {
        let directory = try TemporaryDirectory(prefix: "shoal-blocks")
        var first: BlockStore? = try BlockStore(directory: directory.path)
        let kept = try first!.put(Fixtures.text(10_000))
        let shard = (first!.path(of: kept.hash) as NSString).deletingLastPathComponent
        let leftover = shard + "/.tmp-\(kept.hash.hex)-99"
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: leftover))
        let other = try directory.write("blocks/ab/cd/.tmp-abcd-1", [4])
        #expect(try first!.temporaries().count == 2)
        first = nil  // the crash: the lock goes with the process

        let reopened = try BlockStore(directory: directory.path)
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(!FileManager.default.fileExists(atPath: other))
        #expect(try reopened.temporaries().isEmpty)
        #expect(try reopened.hashes() == [kept.hash])
        #expect(try reopened.get(kept.hash) == Fixtures.text(10_000))
    }

    @Test func aSecondStoreOnTheSameDirectoryIsRefused() throws {
        #expect(throws: BlockStoreError.inUse(path: directory.path + "/blocks/lock")) {
            try BlockStore(directory: directory.path)
        }
    }

    @Test func concurrentPutsOfTheSameBlocksAllSucceed() async throws {
        var random = SplitMix64(seed: 11)
        let blocks = (0..<8).map { _ in random.bytes(40_000) }
        let store = self.store
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask { for data in blocks { try store.put(data) } }
            }
            try await group.waitForAll()
        }
        #expect(try store.hashes() == blocks.map { ContentHash.of($0) }.sorted())
        #expect(try store.temporaries().isEmpty)
    }

    // MARK: - Helpers

    private func modificationTime(of hash: ContentHash) throws -> Int64 {
        var info = stat()
        #expect(lstat(store.path(of: hash), &info) == 0)
        return Int64(info.st_mtim.tv_sec)
    }
}
