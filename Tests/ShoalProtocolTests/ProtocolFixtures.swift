import ShoalCrypto
import ShoalModel
import ShoalProtocol

/// Devices and messages shared by the protocol tests.
enum Fixtures {
    static let alice = try! DeviceIdentity(seed: [UInt8](repeating: 1, count: 32))
    static let bob = try! DeviceIdentity(seed: [UInt8](repeating: 2, count: 32))
    static let mallory = try! DeviceIdentity(seed: [UInt8](repeating: 3, count: 32))
    static let docs = try! FolderID("docs")
    static let photos = try! FolderID("photos")

    static func hash(_ text: String) -> ContentHash { ContentHash.of(Array(text.utf8)) }

    static func record(_ path: String, sequence: UInt64, folder: FolderID = docs) -> FileRecord {
        FileRecord(
            folder: folder, path: try! RelativePath(path), kind: .file, size: 300, permissions: 0o644,
            modifiedNanoseconds: 1_700_000_000_123_456_789,
            version: VersionVector([.init(device: alice.deviceID, counter: 3), .init(device: bob.deviceID, counter: 1)]),
            blocks: [BlockRef(hash: hash("a"), size: 100), BlockRef(hash: hash("b"), size: 200)],
            sequence: sequence, modifiedBy: alice.deviceID)
    }

    static func unsignedBatch(author: DeviceIdentity = alice) -> IndexBatch {
        var link = record("link", sequence: 12)
        link.kind = .symlink
        link.size = 0
        link.blocks = []
        link.symlinkTarget = "../elsewhere/ünïcode"
        var gone = record("dir/gone.txt", sequence: 13)
        gone.isDeleted = true
        gone.blocks = []
        var dir = record("dir", sequence: 14)
        dir.kind = .directory
        dir.blocks = []
        return IndexBatch(
            folder: docs, authorKey: author.publicKey, after: 10, through: 20,
            records: [record("a.txt", sequence: 11), link, gone, dir])
    }

    static var signedBatch: IndexBatch { try! unsignedBatch().signed(by: alice) }

    static var hello: Hello {
        Hello(deviceName: "Alice's laptop ☕", client: "shoal 0.1.0", protocolVersions: 1...3, capabilities: [.lz4, .relay])
    }

    /// One example of every message, each field set to something non-default.
    static var everyMessage: [Message] {
        [
            .hello(hello),
            .clusterConfig(
                ClusterConfig(folders: [
                    SharedFolder(
                        folder: docs,
                        indexProgress: [
                            AuthorSequence(author: alice.deviceID, sequence: 42),
                            AuthorSequence(author: bob.deviceID, sequence: .max),
                        ]),
                    SharedFolder(folder: photos, indexProgress: [], isSendOnly: true),
                ])),
            .indexBatch(signedBatch),
            .request(BlockRequest(id: 7, folder: docs, hash: hash("a"), size: 100)),
            .response(BlockResponse(id: 7, result: .success(Array(repeating: 0x5a, count: 100)))),
            .response(BlockResponse(id: 8, result: .success([]))),
            .response(BlockResponse(id: 9, result: .failure(.folderNotShared))),
            .progress(
                Progress(
                    folder: docs,
                    files: [
                        FileProgress(
                            path: try! RelativePath("big/file.iso"),
                            version: VersionVector([.init(device: bob.deviceID, counter: 9)]),
                            heldBlocks: [hash("a"), hash("c")])
                    ])),
            .ping,
            .close(Close(reason: "shutting down")),
        ]
    }
}
