public import ShoalCrypto

/// A device found by a `Discovery` method: who it says it is and where it
/// can be reached.
///
/// The device ID is only a claim until the connection handshake proves it.
public struct DiscoveredDevice: Sendable, Equatable {
    /// The device ID the device announced.
    public var id: DeviceID
    /// The name the device announced (or was configured with); may be empty.
    public var name: String
    /// Where the device accepts connections, sorted and without duplicates.
    public var addresses: [PeerAddress]

    /// Creates a record; `addresses` are sorted and duplicates dropped.
    public init(id: DeviceID, name: String, addresses: [PeerAddress]) {
        self.id = id
        self.name = name
        self.addresses = Array(Set(addresses)).sorted()
    }
}
