import Testing

@testable import ShoalCrypto

@Suite struct ContentHashTests {
    @Test func knownAnswers() {
        #expect(
            ContentHash.of([UInt8]()).hex
                == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            ContentHash.of(Array("abc".utf8)).hex
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func hexRoundTripsAndOrderFollowsBytes() throws {
        let a = ContentHash.of(Array("a".utf8))
        #expect(try ContentHash(hex: a.hex) == a)
        #expect(try ContentHash(hex: a.hex.uppercased()) == a)
        #expect(try ContentHash(bytes: a.bytes) == a)
        let low = try ContentHash(bytes: [UInt8](repeating: 0, count: 31) + [1])
        let high = try ContentHash(bytes: [1] + [UInt8](repeating: 0, count: 31))
        #expect(low < high)
    }

    @Test func rejectsMalformedInput() {
        #expect(throws: ContentHashError.wrongLength(3)) { try ContentHash(bytes: [1, 2, 3]) }
        #expect(throws: ContentHashError.invalidHex("zz")) { try ContentHash(hex: "zz") }
        let bad = String(repeating: "g", count: 64)
        #expect(throws: ContentHashError.invalidHex(bad)) { try ContentHash(hex: bad) }
    }
}
