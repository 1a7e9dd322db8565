import Glibc
import ShoalIndex
public import ShoalModel
public import ShoalSync

/// A folder's store of the files sync replaced or removed, under
/// `<root>/.shoal/versions/`, each kept as `DIR/NAME~YYYYMMDD-HHMMSS-N`
/// (`VersionName`).
///
/// A file enters the store by a hard link or a rename on the same file
/// system, never by a copy, so keeping costs no I/O whatever the size. The
/// `retention` policy runs for a path each time a version of it is added;
/// nothing else ever deletes from the store.
///
/// Threading: safe to use from several threads. Version names are claimed
/// with `linkat`, which fails rather than replace, so two additions never
/// take the same name.
public final class VersionStore: Sendable {
    /// The store's directory, relative to the folder root.
    public static let directory = ShoalInternalNames.stateDirectory + "/versions"

    /// The clock of real time, in seconds since the Unix epoch.
    public static let systemClock: @Sendable () -> Int64 = { Int64(time(nil)) }

    /// How many versions are kept, and for how long.
    public let retention: VersionRetention
    let tree: FolderTree
    private let clock: @Sendable () -> Int64

    init(tree: FolderTree, retention: VersionRetention, clock: @escaping @Sendable () -> Int64) {
        self.tree = tree
        self.retention = retention
        self.clock = clock
    }

    /// The kept versions of the file at `path`, oldest first.
    ///
    /// - Throws: `DiskError.io` when the store's directory for `path` cannot
    ///   be listed; none kept yet is an empty list.
    public func versions(of path: RelativePath) throws(DiskError) -> [StoredVersion] {
        guard let directory = try tree.existingDirectory(storeComponents(of: path)) else { return [] }
        let shownDirectory = storeComponents(of: path).joined(separator: "/")
        let names: [[UInt8]]
        do {
            names = try DirectoryWalker.names(in: directory, displayPath: shownDirectory)
        } catch {
            throw DiskError(error)
        }
        let base = VersionName.base(of: path.name)
        var found: [StoredVersion] = []
        for bytes in names {
            guard let name = String(validating: bytes, as: UTF8.self),
                let (storedAt, sequence) = VersionName.parse(name, base: base)
            else { continue }
            var info = stat()
            guard fstatat(directory.rawValue, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            found.append(
                StoredVersion(
                    path: path, location: shownDirectory + "/" + name, storedAt: storedAt, sequence: sequence,
                    stat: LocalStat(info)))
        }
        return found.sorted { ($0.storedAt, $0.sequence) < ($1.storedAt, $1.sequence) }
    }

    // MARK: - Adding

    /// Keeps the entry at `place`, the file at `path`, as its newest version.
    ///
    /// The entry stays at `place` as well when hard links work (`.linked`);
    /// the caller then replaces or unlinks it. Run `applyRetention(to:)`
    /// once the operation succeeded.
    ///
    /// - Throws: `DiskError` when the store's directory cannot be made or
    ///   no name is free.
    func keep(_ place: Place, as path: RelativePath) throws(DiskError) -> SecondName {
        let directory = try tree.directory(storeComponents(of: path), creatingWith: 0o700)
        let base = VersionName.base(of: path.name)
        let now = clock()
        let shownDirectory = storeComponents(of: path).joined(separator: "/")
        for sequence in 1...VersionName.maxSequence {
            let name = VersionName.name(base: base, storedAt: now, sequence: sequence)
            let slot = Place(directory: directory, name: name, path: shownDirectory + "/" + name)
            let placement: Placement
            do {
                placement = try place.link(to: slot)
            } catch  where error.code == EEXIST {
                continue
            } catch {
                throw DiskError(error)
            }
            let kept = SecondName(place: slot, placement: placement)
            do {
                try slot.syncDirectory()  // durable before the original is replaced
            } catch {
                kept.undo(backTo: place)
                throw error
            }
            return kept
        }
        throw .io("\(path): \(VersionName.maxSequence) versions were kept within one second")
    }

    /// Drops the versions of `path` that `retention` no longer keeps: beyond
    /// the newest `maxVersions`, or older than `maxAgeDays`.
    ///
    /// - Throws: `DiskError` when the versions cannot be listed or removed;
    ///   what was not removed goes at the next addition.
    func applyRetention(to path: RelativePath) throws(DiskError) {
        let all = try versions(of: path)
        let excess = max(0, all.count - retention.maxVersions)
        let cutoff = retention.maxAgeDays.map { clock() - Int64($0) * 86_400 } ?? Int64.min
        let expired = all.enumerated().filter { $0.offset < excess || $0.element.storedAt < cutoff }.map(\.element)
        guard !expired.isEmpty else { return }
        let directory = try tree.directory(storeComponents(of: path), creatingWith: nil)
        for version in expired {
            let name = String(version.location.split(separator: "/").last!)
            try Place(directory: directory, name: name, path: version.location).unlink()
        }
    }

    private func storeComponents(of path: RelativePath) -> [Substring] {
        Self.directory.split(separator: "/") + path.components.dropLast()
    }
}
