import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol
import ShoalSync
import Testing

/// A file renamed on a peer costs no transfer: the new name is assembled
/// from the old one's blocks before the old name is removed.
@Suite struct RenameTests {
    let a = TestDevice.a.id
    let me = TestDevice.local.id
    let content = Content(1, 2, 3)

    @Test func theOldNameStaysUntilTheNewNameIsBuiltFromItsBlocks() throws {
        var node = try NodeHarness()
        let old = try #require(try node.scanned(observedFile("old.bin", content)).first)
        node.start()
        node.connect(.a)
        let moved = record("z-moved.bin", content: content, version: version((a, 1)), by: a, sequence: 2)
        let gone = record(
            "old.bin", content: content, version: old.version.incremented(for: a, atLeast: 3), by: a, deleted: true,
            sequence: 3)

        let commands = try node.supplyBlocks(node.index(from: .a, moved, gone), of: content)

        #expect(commands.requests.isEmpty, "every block comes from the old name")
        #expect(commands.operations.contains { if case .readBlock(let path, _, _) = $0 { path == old.path } else { false } })
        #expect(!commands.operations.contains { if case .remove = $0 { true } else { false } })
        let commit = try #require(commands.commits.first)

        let after = node.finish(commit.token, .done(stat: LocalStat(size: content.size, modifiedNanoseconds: baseTime, inode: 9)))

        #expect(after.operations.contains { if case .remove(let path, _, true) = $0 { path == old.path } else { false } })
    }

    @Test func aFileMovedIntoANewDirectoryWaitsForItAndStillCopiesLocally() throws {
        var node = try NodeHarness()
        let old = try #require(try node.scanned(observedFile("old.bin", content)).first)
        node.start()
        node.connect(.a)
        let directory = record("new", .directory, version: version((a, 1)), by: a, sequence: 2)
        let moved = record("new/old.bin", content: content, version: version((a, 1)), by: a, sequence: 3)
        let gone = record(
            "old.bin", content: content, version: old.version.incremented(for: a, atLeast: 4), by: a, deleted: true,
            sequence: 4)

        let first = node.index(from: .a, directory, moved, gone)

        #expect(!first.operations.contains { if case .remove = $0 { true } else { false } }, "the new name still waits")
        let mkdir = try #require(first.token(of: .makeDirectory(path: directory.path, permissions: 0o755, expected: .absent)))
        let pull = try node.supplyBlocks(
            node.finish(mkdir, .done(stat: LocalStat(size: 0, modifiedNanoseconds: baseTime, inode: 8))), of: content)
        #expect(pull.requests.isEmpty, "every block comes from the old name")
        let commit = try #require(pull.commits.first)

        let after = node.finish(commit.token, .done(stat: LocalStat(size: content.size, modifiedNanoseconds: baseTime, inode: 9)))

        #expect(after.operations.contains { if case .remove(let path, _, true) = $0 { path == old.path } else { false } })
    }
}
