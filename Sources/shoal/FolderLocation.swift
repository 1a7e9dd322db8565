import Foundation
import Glibc

/// Where a folder is on disk: its path made absolute and clean, and where it
/// really is once symlinks are followed, to tell whether folders overlap.
enum FolderLocation {
    /// `path` made absolute against `directory`, with `.`, `..`, repeated
    /// and trailing slashes taken out (without touching the disk).
    static func absolute(_ path: String, from directory: String) -> String {
        let full = path.hasPrefix("/") ? path : directory + "/" + path
        var components: [Substring] = []
        for component in full.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(component)
            }
        }
        return "/" + components.joined(separator: "/")
    }

    /// The absolute path `path` names once symlinks in the part that exists are followed.
    ///
    /// The corresponding C function is `realpath`.
    static func resolved(_ path: String) -> String {
        var existing = path
        var missing: [String] = []
        while true {
            if let real = realpath(existing, nil) {
                defer { free(real) }
                let base = String(cString: real)
                return missing.reversed().reduce(base) { $0 == "/" ? "/" + $1 : $0 + "/" + $1 }
            }
            guard existing != "/" else { return path }
            missing.append((existing as NSString).lastPathComponent)
            existing = (existing as NSString).deletingLastPathComponent
        }
    }

    /// Whether `inner` is `outer` or somewhere inside it; both absolute and clean.
    static func contains(_ outer: String, _ inner: String) -> Bool {
        outer == "/" || inner == outer || inner.hasPrefix(outer + "/")
    }
}
