import Foundation
import ShoalCrypto
import ShoalTestSupport
import Testing

@Suite struct FolderCommandTests {
    @Test func addShareAndListFolders() throws {
        let home = try TestHome()
        let laptop = otherDevice(1)
        #expect(try home.run("peer", "add", laptop.description, "--name", "laptop").status == 0)

        let added = try home.run("folder", "add", "docs", "sync/docs", "--type", "receive-only")
        #expect(added.status == 0, "\(added.stderr)")
        let path = home.directory.url("sync/docs")
        #expect(added.stdout.contains("Added folder docs at \(path) (created), receive-only."))
        #expect(added.stdout.contains("It is not shared with any device yet"))
        var isDirectory: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue)

        let shared = try home.run("folder", "share", "docs", laptop.description)
        #expect(shared.status == 0, "\(shared.stderr)")
        #expect(shared.stdout.contains("Shared folder docs with laptop (\(laptop.shortID))."))
        let again = try home.run("folder", "share", "docs", laptop.description)
        #expect(again.status == 0)
        #expect(again.stdout.contains("already shared with laptop"))

        let folders = try home.folders
        #expect(folders.count == 1)
        #expect(folders.first?["id"] as? String == "docs")
        #expect(folders.first?["path"] as? String == path)
        #expect(folders.first?["type"] as? String == "receive-only")
        #expect(folders.first?["devices"] as? [String] == [laptop.description])

        let listed = try home.run("folder", "list")
        #expect(listed.status == 0)
        let row = try #require(listed.stdout.split(separator: "\n").first { $0.hasPrefix("docs") })
        #expect(row.contains("receive-only") && row.contains(path) && row.contains("laptop (\(laptop.shortID))"))

        let json = try home.run("folder", "list", "--json")
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(entries.first?["path"] as? String == path)

        let removed = try home.run("folder", "remove", "docs")
        #expect(removed.status == 0)
        #expect(removed.stdout.contains("its files stay in \(path)"))
        #expect(try home.folders.isEmpty)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func aTrustedPeerCanBeNamedByItsNameOrTheStartOfItsID() throws {
        let home = try TestHome()
        let laptop = otherDevice(1)
        let phone = otherDevice(2)
        #expect(try home.run("peer", "add", laptop.description, "--name", "laptop").status == 0)
        #expect(try home.run("peer", "add", phone.description, "--name", "phone").status == 0)
        #expect(try home.run("folder", "add", "docs", "docs", "--share", "laptop").status == 0)

        let byPrefix = try home.run("folder", "share", "docs", String(phone.description.prefix(9)).lowercased())
        #expect(byPrefix.status == 0, "\(byPrefix.stderr)")
        #expect(try home.folders.first?["devices"] as? [String] == [laptop.description, phone.description])

        let unknown = try home.run("folder", "share", "docs", "tablet")
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("'tablet' is not the ID, the name or the start of the ID"))

        let removed = try home.run("peer", "remove", "phone")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try home.peers.count == 1)
    }

    @Test func sharingWithAnUntrustedDeviceIsRefused() throws {
        let home = try TestHome()
        let stranger = otherDevice(7)
        let atAdd = try home.run("folder", "add", "docs", "docs", "--share", stranger.description)
        #expect(atAdd.status != 0)
        #expect(atAdd.stderr.contains("\(stranger) is not a trusted peer; trust it first with `shoal peer add"))
        #expect(try home.folders.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: home.directory.url("docs")))

        #expect(try home.run("folder", "add", "docs", "docs").status == 0)
        let later = try home.run("folder", "share", "docs", stranger.description)
        #expect(later.status != 0)
        #expect(later.stderr.contains("is not a trusted peer"))
        #expect(try home.folders.first?["devices"] as? [String] == [])

        let unknown = try home.run("folder", "share", "nope", stranger.description)
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("there is no folder 'nope'"))
    }

    @Test func aDuplicateFolderIDIsRefused() throws {
        let home = try TestHome()
        #expect(try home.run("folder", "add", "docs", "docs").status == 0)
        let result = try home.run("folder", "add", "docs", "elsewhere")
        #expect(result.status != 0)
        #expect(result.stderr.contains("a folder with ID 'docs' exists already (at \(home.directory.url("docs")))"))
        #expect(try home.folders.count == 1)
    }

    @Test func overlappingFoldersAreRefused() throws {
        let home = try TestHome()
        #expect(try home.run("folder", "add", "docs", "docs").status == 0)
        let docs = home.directory.url("docs")

        let inside = try home.run("folder", "add", "inner", "docs/inner")
        #expect(inside.status != 0)
        #expect(inside.stderr.contains("\(docs)/inner is inside folder 'docs' (\(docs))"), "\(inside.stderr)")

        try home.directory.makeDirectory("outer")
        try FileManager.default.createSymbolicLink(atPath: home.directory.url("outer/link"), withDestinationPath: docs)
        let throughLink = try home.run("folder", "add", "linked", "outer/link/deeper")
        #expect(throughLink.status != 0)
        #expect(throughLink.stderr.contains("is inside folder 'docs'"), "\(throughLink.stderr)")

        let containing = try home.run("folder", "add", "all", home.directory.url("docs/.."))
        #expect(containing.status != 0)
        #expect(containing.stderr.contains("contains"), "\(containing.stderr)")
        #expect(try home.folders.count == 1)
    }

    @Test func theHomeAndFoldersNeverOverlap() throws {
        let home = try TestHome()
        let inside = try home.run("folder", "add", "state", "home/sub")
        #expect(inside.status != 0)
        #expect(inside.stderr.contains("is inside the Shoal home \(home.path)"), "\(inside.stderr)")

        let containing = try home.run("folder", "add", "everything", ".")
        #expect(containing.status != 0)
        #expect(containing.stderr.contains("contains the Shoal home \(home.path)"), "\(containing.stderr)")
        #expect(try home.folders.isEmpty)
    }

    @Test func aFileInTheWayIsRefused() throws {
        let home = try TestHome()
        let file = try home.directory.write("notes.txt", "text")
        let result = try home.run("folder", "add", "notes", "notes.txt")
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(file) exists and is not a directory"))
    }

    @Test func anInvalidFolderIDOrTypeIsAClearError() throws {
        let home = try TestHome()
        let badID = try home.run("folder", "add", "my docs", "docs")
        #expect(badID.status != 0)
        #expect(badID.stderr.contains("'my docs' is not a valid folder ID"), "\(badID.stderr)")
        let badType = try home.run("folder", "add", "docs", "docs", "--type", "mirror")
        #expect(badType.status != 0)
        #expect(badType.stderr.contains("send-receive"), "\(badType.stderr)")
        #expect(try home.folders.isEmpty)
    }
}
