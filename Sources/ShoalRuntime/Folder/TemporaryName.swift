import ShoalCrypto
import ShoalIndex
import ShoalModel

/// The names of the temporary entries a pull, symlink change or restore
/// writes beside its target: `.shoal-tmp-NAME-HASH` for a file, with `.link`
/// added for a symlink, where HASH is 8 hex digits of SHA-256 of the
/// target's whole path; `restore(process:attempt:)` for a restore.
///
/// The names start with `ShoalInternalNames.temporaryPrefix`, so the scanner
/// never indexes them and `removeAllTemporaries` finds them. The hash keeps
/// two targets apart even when a long NAME is cut to fit the 255-byte limit.
enum TemporaryName {
    /// Bytes the prefix, hash and `.link` add to the target's name.
    private static let overhead = ShoalInternalNames.temporaryPrefix.utf8.count + 1 + 8 + 5

    /// The temporary file a pull of `target` is assembled in.
    static func file(for target: RelativePath) -> String {
        let name = utf8Prefix(of: target.name, maxBytes: RelativePath.maxComponentByteCount - overhead)
        return ShoalInternalNames.temporaryPrefix + name + "-" + shortHash(of: target.string)
    }

    /// A temporary file a restored version is copied into before it takes its
    /// name: `.shoal-tmp-PID-N.restore`. Never a pull's temporary, whose
    /// names end in a hash or `.link`; it is created with `O_EXCL`, and a
    /// taken name is passed over for the next N.
    static func restore(process: Int32, attempt: Int) -> String {
        ShoalInternalNames.temporaryPrefix + String(process) + "-" + String(attempt) + ".restore"
    }

    /// The temporary symlink a new symlink at `target` is made as.
    static func symlink(for target: RelativePath) -> String {
        file(for: target) + ".link"
    }
}

/// The first 8 hex digits of the SHA-256 of `text`'s UTF-8.
func shortHash(of text: String) -> String {
    String(ContentHash.of(Array(text.utf8)).hex.prefix(8))
}

/// The longest prefix of `text` of whole characters within `maxBytes` of UTF-8,
/// so a shortened name stays valid UTF-8 in the same normal form.
func utf8Prefix(of text: some StringProtocol, maxBytes: Int) -> String {
    var result = ""
    var bytes = 0
    for character in text {
        bytes += character.utf8.count
        if bytes > maxBytes { break }
        result.append(character)
    }
    return result
}
