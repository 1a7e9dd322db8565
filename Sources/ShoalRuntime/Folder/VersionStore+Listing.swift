import Glibc
import ShoalIndex
import ShoalModel
import ShoalSync

/// Listing everything the store keeps, for files that no longer exist.
extension VersionStore {
    /// Every file the store holds versions of, in order of stored name.
    ///
    /// Walks `.shoal/versions/` without following a symlink, maps each stored
    /// name back to its file by `VersionName`'s rules, and looks whether the
    /// file still exists. Names that are not UTF-8 or not a version's are
    /// passed over. No store yet is an empty list.
    ///
    /// - Throws: `DiskError.io` when a directory of the store or of the
    ///   folder cannot be read.
    public func keptFiles() throws(DiskError) -> [KeptFile] {
        let storeComponents = Self.directory.split(separator: "/")
        guard let store = try tree.existingDirectory(storeComponents) else { return [] }
        var found: [KeptFile] = []
        // Directories still to list: their descriptor and their path below the store.
        var pending: [(FileDescriptor, [Substring])] = [(store, [])]
        while let (directory, components) = pending.popLast() {
            let shown = (storeComponents + components).joined(separator: "/")
            let names: [[UInt8]]
            do {
                names = try DirectoryWalker.names(in: directory, displayPath: shown)
            } catch {
                throw DiskError(error)
            }
            var groups: [String: [StoredVersion]] = [:]
            for bytes in names {
                guard let name = String(validating: bytes, as: UTF8.self) else { continue }
                var info = stat()
                guard fstatat(directory.rawValue, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
                if info.fileType == S_IFDIR {
                    do {
                        let child = try FileDescriptor.open(
                            name, relativeTo: directory, flags: O_RDONLY | O_DIRECTORY | O_NOFOLLOW,
                            displayPath: shown + "/" + name)
                        pending.append((child, components + [Substring(name)]))
                    } catch {
                        throw DiskError(error)
                    }
                    continue
                }
                guard info.fileType == S_IFREG, let (base, storedAt, sequence) = VersionName.split(name),
                    let path = try? RelativePath((components + [Substring(base)]).joined(separator: "/"))
                else { continue }
                groups[base, default: []].append(
                    StoredVersion(
                        path: path, location: shown + "/" + name, storedAt: storedAt, sequence: sequence,
                        stat: LocalStat(info)))
            }
            let present = try presentBases(in: components)
            for (base, versions) in groups {
                let cut = VersionName.mayBeCut(base)
                found.append(
                    KeptFile(
                        path: cut ? nil : versions[0].path, storedName: shown + "/" + base,
                        exists: present.contains(base),
                        versions: versions.sorted { ($0.storedAt, $0.sequence) < ($1.storedAt, $1.sequence) }))
            }
        }
        return found.sorted { $0.storedName.utf8.lexicographicallyPrecedes($1.storedName.utf8) }
    }

    /// The stored bases of the regular files in the folder's directory at
    /// `components`: what a version of each would be stored under. A
    /// directory that is missing, a symlink or not a directory holds none.
    private func presentBases(in components: [Substring]) throws(DiskError) -> Set<String> {
        let directory: FileDescriptor?
        do {
            directory = try tree.existingDirectory(components)
        } catch {
            return []  // a symlink or a file where the directory was: no file is reachable there
        }
        guard let directory else { return [] }
        let shown = components.isEmpty ? "." : components.joined(separator: "/")
        let names: [[UInt8]]
        do {
            names = try DirectoryWalker.names(in: directory, displayPath: shown)
        } catch {
            throw DiskError(error)
        }
        var bases: Set<String> = []
        for bytes in names {
            guard let name = String(validating: bytes, as: UTF8.self) else { continue }
            var info = stat()
            guard fstatat(directory.rawValue, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.fileType == S_IFREG
            else { continue }
            bases.insert(VersionName.base(of: Substring(name)))
        }
        return bases
    }
}
