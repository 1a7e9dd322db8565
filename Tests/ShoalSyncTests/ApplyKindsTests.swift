import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol
import ShoalSync
import Testing

/// Remote changes that need no block transfer, and a pull overtaken by a newer version.
@Suite struct ApplyKindsTests {
    let me = TestDevice.local.id
    let a = TestDevice.a.id

    /// A started node holding `doc.txt` (block 1), a connected.
    func node() throws -> NodeHarness {
        var node = try NodeHarness()
        try node.scanned(observedFile("doc.txt", Content(1), inode: 5))
        node.start()
        node.connect(.a, seen: 1)
        return node
    }

    @Test func anEmptyFileIsCommittedWithoutTransfer() throws {
        var node = try node()
        let commands = node.index(from: .a, record("empty", version: version((a, 1)), by: a))
        #expect(commands.requests.isEmpty && commands.writes.isEmpty)
        #expect(commands.commits.map(\.target.string) == ["empty"])
        #expect(commands.commits.first?.expected == .absent)
    }

    @Test func aDirectoryIsMade() throws {
        var node = try node()
        let commands = node.index(from: .a, record("pics", .directory, version: version((a, 1)), by: a, permissions: 0o700))
        let path = try RelativePath("pics")
        #expect(commands.operations == [.makeDirectory(path: path, permissions: 0o700, expected: .absent)])
    }

    @Test func aSymlinkIsMadeWithItsTarget() throws {
        var node = try node()
        var link = record("latest", .symlink, version: version((a, 1)), by: a, permissions: 0)
        link.symlinkTarget = "doc.txt"
        let commands = node.index(from: .a, link)
        let path = try RelativePath("latest")
        #expect(commands.operations == [.makeSymlink(path: path, target: "doc.txt", expected: .absent)])
    }

    @Test func aModeChangeOnlySetsPermissions() throws {
        var node = try node()
        let chmod = record("doc.txt", content: Content(1), version: version((me, 1), (a, 1)), by: a, permissions: 0o600)
        let commands = node.index(from: .a, chmod)
        let expected = ExpectedEntry.file(LocalStat(size: 8, modifiedNanoseconds: baseTime, inode: 5))
        let path = try RelativePath("doc.txt")
        let token = try #require(commands.token(of: .setPermissions(path: path, permissions: 0o600, expected: expected)))
        #expect(commands.requests.isEmpty)
        node.finish(token, .done(stat: LocalStat(size: 8, modifiedNanoseconds: baseTime, inode: 5)))
        #expect(try node.stored("doc.txt")?.permissions == 0o600)
    }

    @Test func aNewerVersionArrivingMidPullReplacesThePull() throws {
        var node = try node()
        let first = record("new.bin", content: Content(2), version: version((a, 1)), by: a, sequence: 2)
        let firstRequest = try #require(node.index(from: .a, first).requests.first?.request)
        let second = record("new.bin", content: Content(3), version: version((a, 2)), by: a, sequence: 3)

        let commands = node.receive(.indexBatch(TestDevice.a.batch([second], after: 2)), from: .a)

        #expect(commands.discarded == [first.path])
        #expect(commands.requests(to: .a).map(\.hash) == Content(3).refs.map(\.hash))
        // The old block, answered late, is not written.
        #expect(node.respond(firstRequest, from: .a, with: Content(2).blocks[0]).writes.isEmpty)
    }
}
