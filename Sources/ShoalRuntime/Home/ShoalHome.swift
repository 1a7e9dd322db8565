import Foundation
public import ShoalCrypto

/// The directory holding one device's state: its identity key, its
/// configuration and its index.
///
/// Chosen by `--home`, else `$SHOAL_HOME`, else `$XDG_DATA_HOME/shoal`, else
/// `~/.local/share/shoal`. Created owner-only (0700).
public struct ShoalHome: Sendable {
    /// The directory's path.
    public let path: String

    /// Uses `path` when given, else the default location from the environment.
    public init(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let path, !path.isEmpty {
            self.path = path
        } else if let home = environment["SHOAL_HOME"], !home.isEmpty {
            self.path = home
        } else if let data = environment["XDG_DATA_HOME"], !data.isEmpty {
            self.path = data + "/shoal"
        } else {
            self.path = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share/shoal"
        }
    }

    /// The identity key file (mode 0600).
    public var identityPath: String { path + "/identity.key" }
    /// The configuration file.
    public var configPath: String { path + "/config.json" }
    /// The Unix socket the running daemon answers the CLI on (owner-only).
    public var controlSocketPath: String { path + "/control.sock" }
    /// Where an archive node keeps its blocks and version history.
    public var archivePath: String { path + "/archive" }
    /// The SQLite index.
    public var indexPath: String { path + "/index.db" }

    /// Whether `shoal init` has run here.
    public var isInitialized: Bool { FileManager.default.fileExists(atPath: identityPath) }

    /// Loads this device's identity.
    ///
    /// - Throws: `HomeError.notInitialized` when there is none, or
    ///   `HomeError.identity` when the key file cannot be used.
    public func loadIdentity() throws(HomeError) -> DeviceIdentity {
        guard isInitialized else { throw .notInitialized(path) }
        let attributes: [FileAttributeKey: Any]
        let text: String
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: identityPath)
            text = try String(contentsOfFile: identityPath, encoding: .utf8)
        } catch {
            throw .identity(.keyFileIO(path: identityPath, reason: "cannot read it: \(error.localizedDescription)"))
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.uint32Value ?? 0
        guard mode & 0o077 == 0 else { throw .identity(.keyFileTooOpen(path: identityPath, mode: mode)) }
        do {
            return try DeviceIdentity(keyFileText: text, path: identityPath)
        } catch {
            throw .identity(error)
        }
    }

    /// Writes `identity` to the key file, owner-only (0600), atomically.
    ///
    /// - Throws: `HomeError.identity` when the file cannot be written.
    public func saveIdentity(_ identity: DeviceIdentity) throws(HomeError) {
        do {
            try AtomicFile.write(Data(identity.keyFileText.utf8), to: identityPath, permissions: 0o600)
        } catch {
            throw .identity(.keyFileIO(path: identityPath, reason: "cannot write it: \(error)"))
        }
    }

    /// Creates the directory (0700) if it does not exist.
    ///
    /// - Throws: `HomeError.cannotCreate` naming the path and the reason.
    public func create() throws(HomeError) {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotCreate(path, error.localizedDescription)
        }
    }
}

/// Why the home directory could not be used.
public enum HomeError: Error, CustomStringConvertible {
    /// No identity yet: `shoal init` has not run.
    case notInitialized(String)
    /// The identity file exists but cannot be used.
    case identity(IdentityError)
    /// The directory could not be created.
    case cannotCreate(String, String)
    /// The configuration file cannot be read or written.
    case config(String, String)

    public var description: String {
        switch self {
        case .notInitialized(let path):
            "\(path) has no Shoal identity yet; run `shoal init --home \(path)` first"
        case .identity(let error):
            "\(error)"
        case .cannotCreate(let path, let reason):
            "cannot create \(path): \(reason)"
        case .config(let path, let reason):
            "configuration \(path): \(reason)"
        }
    }
}
