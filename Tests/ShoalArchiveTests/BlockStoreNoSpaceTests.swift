import Foundation
import Glibc
import ShoalCrypto
import ShoalTestSupport
import Testing

@testable import ShoalArchive

/// A full disk, on a 1 MiB tmpfs mounted for the test (needs root or
/// CAP_SYS_ADMIN; the test is cancelled with the reason otherwise).
@Suite struct BlockStoreNoSpaceTests {
    @Test func aFullDiskIsReportedAndStoredBlocksStayReadable() throws {
        let directory = try TemporaryDirectory(prefix: "shoal-nospace")
        let mountPoint = directory.url("small")
        try directory.makeDirectory("small")
        guard mount("tmpfs", mountPoint, "tmpfs", 0, "size=1m") == 0 else {
            let reason = String(cString: strerror(errno))
            try Test.cancel("cannot mount a 1 MiB tmpfs to fill (\(reason)); run the tests as root to check a full disk")
        }
        defer { umount2(mountPoint, Int32(MNT_DETACH)) }

        var stored: [[UInt8]] = []
        var failure: BlockStoreError?
        var random = SplitMix64(seed: 42)
        do {
            let store = try BlockStore(directory: mountPoint + "/archive")
            for _ in 0..<64 {
                let data = random.bytes(100_000)
                do {
                    try store.put(data, hash: ContentHash.of(data))
                    stored.append(data)
                } catch {
                    failure = error
                    break
                }
            }
            guard case .noSpace(let hash, _, _)? = failure else {
                Issue.record("filling 1 MiB did not fail with noSpace: \(String(describing: failure))")
                return
            }
            #expect(try !store.contains(hash))
            #expect(failure!.description.contains("no space left"))
            #expect(stored.count >= 5)

            // Nothing half-written is left, and what was stored reads back.
            #expect(try store.temporaries().isEmpty)
            for data in stored { #expect(try store.get(ContentHash.of(data)) == data) }

            // Once there is room again, storing works.
            try store.remove(ContentHash.of(stored[0]))
            let data = random.bytes(50_000)
            try store.put(data, hash: ContentHash.of(data))
            #expect(try store.get(ContentHash.of(data)) == data)
        }
    }
}
