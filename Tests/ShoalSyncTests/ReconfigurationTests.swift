import ShoalCrypto
import ShoalIndex
import ShoalModel
import ShoalProtocol
import ShoalSync
import Testing

/// Configuration changes applied to a running node (`reconfigured`).
@Suite struct ReconfigurationTests {
    let a = TestDevice.a.id
    let b = TestDevice.b.id

    @Test func aFolderNewlySharedWithAConnectedPeerIsOfferedAtOnce() throws {
        var node = try NodeHarness(sharedWith: [.a])
        node.start()
        node.connect(.b)
        let photos = try FolderID("photos")
        let configuration = NodeConfiguration(folders: [
            FolderConfiguration(id: docs, devices: [a, b]),
            FolderConfiguration(id: photos, devices: [b]),
        ])

        let commands = node.handle(.reconfigured(configuration))

        let offered = commands.clusterConfigs(to: .b).last?.folders.map(\.folder)
        #expect(offered == [docs, photos])
        #expect(commands.clusterConfigs(to: .a).isEmpty)  // nothing changed for a
        #expect(node.node.status(of: photos) != nil)
        #expect(commands.diskOperations.contains { $0.1 == .removeAllTemporaries })
    }

    @Test func aFolderNoLongerSharedForgetsThePeersIndexAndIgnoresItsBatches() throws {
        var node = try NodeHarness(sharedWith: [.a])
        node.start()
        node.connect(.a)
        node.index(from: .a, record("x.txt", content: Content(1), version: version((a, 1)), by: a, sequence: 1))
        #expect(node.node.status(of: docs)?.needFiles == 1)

        node.handle(.reconfigured(NodeConfiguration(folders: [FolderConfiguration(id: docs, devices: [])])))

        #expect(node.node.status(of: docs)?.needFiles == 0)
        let later = node.index(from: .a, record("y.txt", content: Content(2), version: version((a, 2)), by: a, sequence: 2))
        #expect(later.requests.isEmpty)
        #expect(node.node.status(of: docs)?.needFiles == 0)
    }

    @Test func aRemovedFolderIsNoLongerSynced() throws {
        var node = try NodeHarness(sharedWith: [.a])
        node.start()
        node.handle(.reconfigured(NodeConfiguration(folders: [])))
        #expect(node.node.status(of: docs) == nil)
        let commands = node.connect(.a)
        #expect(commands.clusterConfigs(to: .a) == [ClusterConfig(folders: [])])
    }

    /// A peer that adds the folder while connected offers it in a second
    /// `ClusterConfig`; this device, whose own offer the peer dropped while it
    /// did not have the folder, offers again, so the peer learns where to
    /// start and sends its index this way too.
    @Test func aPeerThatStartsSharingWhileConnectedIsOfferedTheFolderAgain() throws {
        var node = try NodeHarness(sharedWith: [.a])
        node.start()
        node.handle(.peerConnected(a))
        node.receive(.clusterConfig(ClusterConfig(folders: [])), from: .a)

        let commands = node.receive(TestDevice.a.clusterConfig(seen: 0), from: .a)

        #expect(commands.clusterConfigs(to: .a).map { $0.folders.map(\.folder) } == [[docs]])
        let again = node.receive(TestDevice.a.clusterConfig(seen: 0), from: .a)
        #expect(again.clusterConfigs(to: .a).isEmpty, "offered once, not at every ClusterConfig")
    }
}
