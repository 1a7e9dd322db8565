import Testing

@testable import ShoalModel

@Suite struct RelativePathTests {
    @Test(arguments: ["a", "a/b", "dir/file.txt", "é/ü", ".hidden", "a/..b/c..", "名前/ファイル"])
    func acceptsValidPaths(_ text: String) throws {
        #expect(try RelativePath(text).string == text)
    }

    @Test(arguments: [
        ("", PathError.empty),
        ("/etc/passwd", .absolute("/etc/passwd")),
        ("..", .dotComponent("..")),
        ("a/../b", .dotComponent("..")),
        ("a/./b", .dotComponent(".")),
        ("a//b", .emptyComponentIn("a//b")),
        ("a/", .emptyComponentIn("a/")),
        ("a\u{0}b", .containsNUL("a\u{0}b")),
        ("e\u{301}", .notNFC("e\u{301}")),
    ])
    func refusesInvalidPaths(_ text: String, _ error: PathError) {
        #expect(throws: error) { try RelativePath(text) }
    }

    @Test func refusesInvalidUTF8() {
        #expect(throws: PathError.invalidUTF8("a\u{FFFD}")) { try RelativePath(bytes: [0x61, 0xFF]) }
    }

    @Test func enforcesLengthLimits() throws {
        let longName = String(repeating: "x", count: 256)
        #expect(throws: PathError.componentTooLong(longName, byteCount: 256)) { try RelativePath(longName) }
        let name = String(repeating: "y", count: 255)
        let deep = Array(repeating: name, count: 17).joined(separator: "/")
        #expect(throws: PathError.tooLong(byteCount: deep.utf8.count)) { try RelativePath(deep) }
        _ = try RelativePath(Array(repeating: name, count: 16).joined(separator: "/"))
    }

    @Test func navigation() throws {
        let path = try RelativePath("a/b/c.txt")
        #expect(path.name == "c.txt")
        #expect(path.parent == (try RelativePath("a/b")))
        #expect(path.depth == 3)
        #expect(try RelativePath("a").parent == nil)
        #expect(try RelativePath("a").appending("b") == (try RelativePath("a/b")))
        #expect(throws: PathError.invalidComponent("x/y")) { try RelativePath("a").appending("x/y") }
        #expect(path.isWithin(try RelativePath("a")))
        #expect(!(try RelativePath("ab/c")).isWithin(try RelativePath("a")))
    }

    @Test func ordersByBytes() throws {
        let paths = try ["b", "a/b", "a", "a.b", "Z"].map(RelativePath.init)
        #expect(paths.sorted().map(\.string) == ["Z", "a", "a.b", "a/b", "b"])
    }

    @Test func folderIDs() throws {
        #expect(try FolderID("photos-2024_v1.0").rawValue == "photos-2024_v1.0")
        #expect(throws: FolderIDError.self) { try FolderID("") }
        #expect(throws: FolderIDError.self) { try FolderID(".shoal") }
        #expect(throws: FolderIDError.self) { try FolderID("a/b") }
    }
}
