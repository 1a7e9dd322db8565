import Glibc
import ShoalIndex
import ShoalModel
import ShoalSync

/// A folder root opened once; every path below it is reached one component
/// at a time with `openat` and `O_NOFOLLOW`, so no symlink inside the folder,
/// wherever it is planted, can lead an operation outside it.
///
/// The root itself may be a symlink (a user's `~/Shoal` pointing at a data
/// disk): it is resolved once, when opened.
struct FolderTree: Sendable {
    /// The root directory, pinned by its descriptor.
    let root: FileDescriptor

    /// Opens the folder root at `path`.
    ///
    /// - Throws: `DiskError.io` when it cannot be opened as a directory.
    init(path: String) throws(DiskError) {
        do {
            root = try FileDescriptor.open(path, relativeTo: nil, flags: O_RDONLY | O_DIRECTORY, displayPath: path)
        } catch {
            throw DiskError(error)
        }
    }

    /// The directory holding `path` and the last component's name.
    ///
    /// - Throws: `DiskError.io` saying which ancestor is missing, is a
    ///   symlink or is not a directory.
    func place(of path: RelativePath) throws(DiskError) -> Place {
        let components = path.components
        let directory = try self.directory(components.dropLast(), creatingWith: nil)
        return Place(directory: directory, name: String(components.last!), path: path.string)
    }

    /// Opens the directory reached by `components` below the root, creating
    /// missing ones with `mode` when it is given.
    ///
    /// - Throws: `DiskError.io` naming the component that is missing, is a
    ///   symlink or is not a directory.
    func directory(_ components: some Collection<Substring>, creatingWith mode: mode_t?) throws(DiskError)
        -> FileDescriptor
    {
        switch try walk(components, creatingWith: mode) {
        case .success(let directory): return directory
        case .failure(let missing): throw .io("the directory \(missing.path) does not exist")
        }
    }

    /// Opens the directory reached by `components` below the root, or `nil`
    /// when one of them does not exist.
    ///
    /// - Throws: `DiskError.io` naming a component that is a symlink or not a
    ///   directory.
    func existingDirectory(_ components: some Collection<Substring>) throws(DiskError) -> FileDescriptor? {
        switch try walk(components, creatingWith: nil) {
        case .success(let directory): directory
        case .failure: nil
        }
    }

    /// The directory, or the path of the first missing component.
    private func walk(_ components: some Collection<Substring>, creatingWith mode: mode_t?) throws(DiskError)
        -> Result<FileDescriptor, MissingDirectory>
    {
        var directory = root
        var shown = ""
        for component in components {
            let name = String(component)
            shown = shown.isEmpty ? name : shown + "/" + name
            let flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW
            do {
                directory = try FileDescriptor.open(name, relativeTo: directory, flags: flags, displayPath: shown)
                continue
            } catch  where error.code == ENOENT {
                guard let mode else { return .failure(MissingDirectory(path: shown)) }
                if mkdirat(directory.rawValue, name, mode) != 0 && errno != EEXIST {
                    throw DiskError(SystemError("mkdir", path: shown))
                }
            } catch {
                throw Self.refusal(error, of: name, in: directory, shown: shown)
            }
            do {
                directory = try FileDescriptor.open(name, relativeTo: directory, flags: flags, displayPath: shown)
            } catch {
                throw Self.refusal(error, of: name, in: directory, shown: shown)
            }
        }
        return .success(directory)
    }

    /// Says why `name` could not be opened as a directory, in words.
    private static func refusal(_ error: SystemError, of name: String, in directory: FileDescriptor, shown: String)
        -> DiskError
    {
        switch error.code {
        case ENOTDIR, ELOOP:
            var info = stat()
            if fstatat(directory.rawValue, name, &info, AT_SYMLINK_NOFOLLOW) == 0, info.fileType == S_IFLNK {
                return .io("\(shown) is a symlink; Shoal never follows a symlink inside a folder")
            }
            return .io("\(shown) is not a directory")
        default:
            return DiskError(error)
        }
    }
}

/// One name in an opened directory: where an operation acts.
struct Place: Sendable {
    /// The directory holding the name.
    let directory: FileDescriptor
    /// The last component.
    let name: String
    /// The path relative to the folder root, for messages.
    let path: String

    /// Another name in the same directory.
    func sibling(_ name: String) -> Place {
        Place(directory: directory, name: name, path: parentPath == "." ? name : parentPath + "/" + name)
    }

    /// Whether both places are in the same directory (the same descriptor).
    func isBeside(_ other: Place) -> Bool { directory === other.directory }
}

extension DiskError {
    /// The engine's view of a failed system call: a full disk or quota is
    /// `noSpace`; anything else is `io` with the call, path and reason.
    init(_ error: SystemError) {
        switch error.code {
        case ENOSPC, EDQUOT: self = .noSpace
        default: self = .io(error.description)
        }
    }
}

/// Makes a system call on `path`, retrying `EINTR`, and turns a failure
/// into the engine's `DiskError`.
func systemCall<T: BinaryInteger>(_ operation: String, _ path: String, _ body: () -> T) throws(DiskError) -> T {
    do {
        return try retryingInterrupts(operation, path: path, body)
    } catch {
        throw DiskError(error)
    }
}

/// The first directory on a path that does not exist.
struct MissingDirectory: Error {
    let path: String
}
