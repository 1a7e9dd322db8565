import Foundation

/// The human-editable configuration in `config.json` of a Shoal home.
public struct ShoalConfig: Codable, Equatable, Sendable {
    /// The format version of this file.
    public var version: Int = 1
    /// This device's name, shown to peers.
    public var deviceName: String

    /// Creates a configuration for a new device.
    public init(deviceName: String) {
        self.deviceName = deviceName
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case version
        case deviceName = "device_name"
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
