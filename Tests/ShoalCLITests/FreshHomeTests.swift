import Foundation
import ShoalTestSupport
import Testing

/// Every configuration command on a home fresh from `shoal init`, with no daemon.
@Suite struct FreshHomeTests {
    @Test(arguments: [
        (["peer", "list"], "No trusted peers yet"),
        (["peer", "list", "--json"], "[\n\n]"),
        (["folder", "list"], "No folders yet"),
        (["folder", "list", "--json"], "[\n\n]"),
        (["conflicts"], "No folders yet"),
        (["conflicts", "--json"], "[\n\n]"),
    ])
    func readingCommandsWorkWithoutADaemon(_ arguments: [String], _ output: String) throws {
        let home = try TestHome()
        let result = try ShoalProcess.run(arguments + ["--home", home.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains(output), "\(result.stdout)")
    }

    @Test func editingCommandsWorkWithoutADaemon() throws {
        let home = try TestHome()
        let peer = otherDevice(4).description
        for arguments in [
            ["peer", "add", peer], ["folder", "add", "docs", "docs"], ["folder", "share", "docs", peer],
            ["folder", "remove", "docs"], ["peer", "remove", peer],
        ] {
            let result = try ShoalProcess.run(arguments + ["--home", home.path], directory: home.directory.path)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stderr.isEmpty, "\(arguments): \(result.stderr)")
            #expect(result.stdout.hasSuffix("The daemon is not running; the change applies when it starts.\n"))
        }
    }

    @Test(arguments: [
        ["peer", "add", "ABCDEFG"], ["peer", "list"], ["peer", "remove", otherDevice(1).description],
        ["folder", "add", "docs", "x"], ["folder", "share", "docs", otherDevice(1).description], ["folder", "list"],
        ["folder", "remove", "docs"], ["conflicts"],
    ])
    func withoutInitEachCommandSaysToRunIt(_ arguments: [String]) throws {
        let directory = try TemporaryDirectory()
        let result = try ShoalProcess.run(arguments + ["--home", directory.url("none")], directory: directory.path)
        #expect(result.status != 0)
        #expect(result.stderr.contains("has no Shoal identity yet; run `shoal init"), "\(result.stderr)")
    }
}
