import Foundation
public import ShoalArchive
public import ShoalCrypto
public import ShoalModel
public import ShoalSync

/// The human-editable configuration in `config.json` of a Shoal home: this
/// device's name, where it listens, the peers it trusts and the folders it
/// syncs. `Docs/USAGE.md` documents every field.
///
/// Every field but `device_name` may be left out; a missing one takes its
/// default, so a file written by an older Shoal still loads.
public struct ShoalConfig: Codable, Equatable, Sendable {
    /// The format version of this file.
    public var version: Int = 1
    /// This device's name, shown to peers.
    public var deviceName: String
    /// Where the daemon accepts peer connections (`--listen` overrides it).
    public var listen: PeerAddress = ShoalConfig.defaultListen
    /// Whether the daemon announces and finds devices over mDNS (`--no-mdns` turns it off).
    public var mdns = true
    /// The devices this one trusts, in the order they were added.
    public var peers: [PeerConfig] = []
    /// The folders this device syncs, in the order they were added.
    public var folders: [FolderConfig] = []
    /// How long an archive node (`shoal archive`) keeps old versions.
    public var archiveRetention: RetentionPolicy = .default

    /// The address and port the daemon listens on unless told otherwise.
    public static let defaultListen = PeerAddress(host: "0.0.0.0", port: 22300)

    /// Creates a configuration for a new device.
    public init(deviceName: String) {
        self.deviceName = deviceName
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case version
        case deviceName = "device_name"
        case listen, mdns, peers, folders
        case archiveRetention = "archive_retention"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        deviceName = try container.decode(String.self, forKey: .deviceName)
        listen = try container.decodeIfPresent(PeerAddress.self, forKey: .listen) ?? Self.defaultListen
        mdns = try container.decodeIfPresent(Bool.self, forKey: .mdns) ?? true
        peers = try container.decodeIfPresent([PeerConfig].self, forKey: .peers) ?? []
        folders = try container.decodeIfPresent([FolderConfig].self, forKey: .folders) ?? []
        archiveRetention = try container.decodeIfPresent(RetentionPolicy.self, forKey: .archiveRetention) ?? .default
    }

    /// The trusted peer with this ID, if any.
    public func peer(_ id: DeviceID) -> PeerConfig? {
        peers.first { $0.deviceID == id }
    }

    /// The trusted peers with the addresses configured for them, as the
    /// static discovery method reports them.
    public var configuredDevices: [DiscoveredDevice] {
        peers.map { DiscoveredDevice(id: $0.deviceID, name: $0.name, addresses: $0.addresses) }
    }

    /// The folder with this ID, if any.
    public func folder(_ id: FolderID) -> FolderConfig? {
        folders.first { $0.id == id }
    }

    /// What the sync engine is configured with: every folder, shared only
    /// with devices that are still trusted; `isRelay` for an archive node.
    public func nodeConfiguration(isRelay: Bool = false) -> NodeConfiguration {
        let trusted = Set(peers.map(\.deviceID))
        return NodeConfiguration(
            folders: folders.map { folder in
                FolderConfiguration(id: folder.id, type: folder.type, devices: Set(folder.devices).intersection(trusted))
            }, isRelay: isRelay)
    }

    /// Reads the configuration at `path`.
    ///
    /// - Throws: `HomeError.config` naming the file and what is wrong with it.
    public static func load(from path: String) throws(HomeError) -> ShoalConfig {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .config(path, "cannot read it: \(error.localizedDescription)")
        }
        do {
            return try JSONDecoder().decode(ShoalConfig.self, from: data)
        } catch {
            throw .config(path, "it is not a valid configuration: \(error)")
        }
    }

    /// Writes the configuration to `path` atomically (temporary file, fsync, rename).
    ///
    /// - Throws: `HomeError.config` naming the file and the reason.
    public func save(to path: String) throws(HomeError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do {
            var data = try encoder.encode(self)
            data.append(UInt8(ascii: "\n"))
            try AtomicFile.write(data, to: path, permissions: 0o600)
        } catch {
            throw .config(path, "cannot write it: \(error)")
        }
    }
}

/// A device this one trusts: `shoal peer add`.
public struct PeerConfig: Codable, Equatable, Sendable {
    /// The device's ID; only a connection that proves it is accepted.
    public var deviceID: DeviceID
    /// A name for lists and logs; may be empty.
    public var name: String
    /// Where to reach it besides what mDNS finds (`--address`).
    public var addresses: [PeerAddress]

    /// Creates a peer entry.
    public init(deviceID: DeviceID, name: String = "", addresses: [PeerAddress] = []) {
        self.deviceID = deviceID
        self.name = name
        self.addresses = addresses
    }

    enum CodingKeys: String, CodingKey {
        case deviceID = "device_id"
        case name, addresses
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        deviceID = try container.decode(DeviceID.self, forKey: .deviceID)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        addresses = try container.decodeIfPresent([PeerAddress].self, forKey: .addresses) ?? []
    }
}

/// A folder this device syncs: `shoal folder add`.
public struct FolderConfig: Codable, Equatable, Sendable {
    /// The folder's ID, the same on every device that syncs it.
    public var id: FolderID
    /// Its absolute path on this device.
    public var path: String
    /// How it syncs.
    public var type: FolderType
    /// The trusted devices it is shared with.
    public var devices: [DeviceID]
    /// How long replaced and removed files are kept in `.shoal/versions`.
    public var versions: VersionRetention

    /// Creates a folder entry.
    public init(
        id: FolderID, path: String, type: FolderType = .sendReceive, devices: [DeviceID] = [],
        versions: VersionRetention = VersionRetention()
    ) {
        self.id = id
        self.path = path
        self.type = type
        self.devices = devices
        self.versions = versions
    }

    enum CodingKeys: String, CodingKey {
        case id, path, type, devices, versions
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(FolderID.self, forKey: .id)
        path = try container.decode(String.self, forKey: .path)
        type = try container.decodeIfPresent(FolderType.self, forKey: .type) ?? .sendReceive
        devices = try container.decodeIfPresent([DeviceID].self, forKey: .devices) ?? []
        versions = try container.decodeIfPresent(VersionRetention.self, forKey: .versions) ?? VersionRetention()
    }
}
