import Foundation
import ShoalCrypto
import ShoalTestSupport
import Testing

@Suite struct PeerCommandTests {
    @Test func addListAndRemoveAPeer() throws {
        let home = try TestHome()
        let laptop = otherDevice(1)

        let added = try home.run("peer", "add", laptop.description, "--name", "laptop", "--address", "10.0.0.5:22300")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("Added laptop (\(laptop))."))
        #expect(added.stdout.contains("The daemon is not running; the change applies when it starts."))
        #expect(added.stderr.isEmpty)
        let peers = try home.peers
        #expect(peers.count == 1)
        #expect(peers.first?["device_id"] as? String == laptop.description)
        #expect(peers.first?["name"] as? String == "laptop")
        #expect(peers.first?["addresses"] as? [String] == ["10.0.0.5:22300"])

        let listed = try home.run("peer", "list")
        #expect(listed.status == 0)
        let row = try #require(listed.stdout.split(separator: "\n").first { $0.hasPrefix("laptop") })
        #expect(row.contains(laptop.description) && row.contains("10.0.0.5:22300"))
        #expect(listed.stdout.contains("the daemon is not running"))
        #expect(!listed.stdout.contains("CONNECTED"))

        let json = try home.run("peer", "list", "--json")
        #expect(json.status == 0)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries.first?["device_id"] as? String == laptop.description)
        #expect(entries.first?["connected"] == nil)

        let removed = try home.run("peer", "remove", laptop.description)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("Removed laptop (\(laptop))."))
        #expect(try home.peers.isEmpty)
        #expect(try home.run("peer", "list").stdout.contains("No trusted peers yet"))
    }

    @Test func addingAnExistingPeerUpdatesItsNameAndAddresses() throws {
        let home = try TestHome()
        let laptop = otherDevice(1)
        #expect(try home.run("peer", "add", laptop.description, "--address", "10.0.0.5:22300").status == 0)

        // Lowercase and without dashes, as a person might type it.
        let typed = laptop.description.lowercased().replacingOccurrences(of: "-", with: "")
        let updated = try home.run("peer", "add", typed, "--name", "laptop", "--address", "[fe80::1%eth0]:22000")
        #expect(updated.status == 0, "\(updated.stderr)")
        #expect(updated.stdout.contains("Updated laptop (\(laptop))."))
        let peers = try home.peers
        #expect(peers.count == 1)
        #expect(peers.first?["name"] as? String == "laptop")
        #expect(peers.first?["addresses"] as? [String] == ["[fe80::1%eth0]:22000"])

        let again = try home.run("peer", "add", laptop.description)
        #expect(again.status == 0)
        #expect(again.stdout.contains("already trusted as given; nothing changed"))
    }

    @Test(arguments: [
        ("NOTANID", "'NOTANID' is not a full device ID (it has 7 of 56 characters)"),
        ("ABC", "'ABC' is too short to pick a device"),
        ("ABCD!EFG", "'ABCD!EFG' is not a device ID: '!' is not one of A-Z, 2-7"),
    ])
    func anInvalidIDIsAClearError(_ text: String, _ message: String) throws {
        let home = try TestHome()
        let result = try home.run("peer", "add", text)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try home.peers.isEmpty)
    }

    @Test func aMistypedFullIDIsCaughtByItsCheckCharacter() throws {
        let home = try TestHome()
        var characters = Array(otherDevice(1).description)
        characters[3] = characters[3] == "A" ? "B" : "A"
        let result = try home.run("peer", "add", String(characters))
        #expect(result.status != 0)
        #expect(result.stderr.contains("is mistyped (their check character does not match)"), "\(result.stderr)")
        #expect(try home.peers.isEmpty)
    }

    @Test func anInvalidAddressIsAClearError() throws {
        let home = try TestHome()
        let result = try home.run("peer", "add", otherDevice(1).description, "--address", "10.0.0.5")
        #expect(result.status != 0)
        #expect(result.stderr.contains("'10.0.0.5' is not an address (HOST:PORT): no ':PORT'"), "\(result.stderr)")
        #expect(try home.peers.isEmpty)
    }

    @Test func thisDevicesOwnIDIsRefused() throws {
        let home = try TestHome()
        let result = try home.run("peer", "add", home.deviceID.description)
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(home.deviceID) is this device's own ID"), "\(result.stderr)")
        #expect(try home.peers.isEmpty)
    }

    @Test func removingAPeerUnsharesEveryFolder() throws {
        let home = try TestHome()
        let (laptop, desk) = (otherDevice(1), otherDevice(2))
        #expect(try home.run("peer", "add", laptop.description, "--name", "laptop").status == 0)
        #expect(try home.run("peer", "add", desk.description).status == 0)
        let shares = ["--share", laptop.description, "--share", desk.description]
        #expect(try home.run(["folder", "add", "docs", "docs"] + shares).status == 0)
        #expect(try home.run("folder", "add", "pics", "pics", "--share", laptop.description).status == 0)

        let removed = try home.run("peer", "remove", laptop.description)
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout.contains("no longer sharing docs, pics with it"))
        let folders = try home.folders
        #expect(folders.map { $0["devices"] as? [String] } == [[desk.description], []])
    }

    @Test func removingAnUnknownPeerIsAClearError() throws {
        let home = try TestHome()
        let result = try home.run("peer", "remove", otherDevice(3).description)
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(otherDevice(3)) is not a trusted peer; `shoal peer list` shows them"))
    }

    @Test func listingDiscoveredDevicesNeedsTheDaemon() throws {
        let home = try TestHome()
        for arguments in [["peer", "list", "--discovered"], ["peer", "list", "--discovered", "--json"]] {
            let result = try ShoalProcess.run(arguments + ["--home", home.path])
            #expect(result.status != 0)
            #expect(result.stdout.isEmpty)
            #expect(
                result.stderr.contains("this needs the Shoal daemon, and it is not running for \(home.path)"),
                "\(result.stderr)")
            #expect(result.stderr.contains("`shoal daemon --home \(home.path)`"))
        }
    }
}
