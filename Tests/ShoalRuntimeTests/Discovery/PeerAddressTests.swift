import Testing

@testable import ShoalRuntime

@Suite struct PeerAddressTests {
    @Test(arguments: [
        ("10.0.0.5:22000", "10.0.0.5", UInt16(22000)),
        ("nas.local:1", "nas.local", 1),
        ("[fe80::1%eth0]:22000", "fe80::1%eth0", 22000),
        ("[::1]:65535", "::1", 65535),
    ])
    func parsesHostAndPort(text: String, host: String, port: UInt16) throws {
        let address = try PeerAddress(parsing: text)
        #expect(address == PeerAddress(host: host, port: port))
        #expect(address.description == text)
    }

    @Test(arguments: [
        "10.0.0.5", ":22000", "host:0", "host:65536", "host:x", "fe80::1:22000", "[::1]22000", "[::1:22000", "a b:1",
    ])
    func refusesWhatIsNotHostColonPort(text: String) {
        #expect(throws: PeerAddressError.self) { try PeerAddress(parsing: text) }
    }

    @Test func errorsNameTheTextAndTheProblem() {
        let expected = PeerAddressError.malformed(
            "fe80::1:22000", "an IPv6 address must be written in brackets, as [ADDRESS]:PORT")
        #expect(throws: expected) { try PeerAddress(parsing: "fe80::1:22000") }
    }
}
