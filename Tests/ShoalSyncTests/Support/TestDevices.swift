import ShoalCrypto
import ShoalModel

/// A device ID whose bytes start with `n`, so IDs sort by `n`. For the pure
/// functions (`Resolution`, `ConflictName`), which never check signatures.
func device(_ n: UInt8) -> DeviceID {
    try! DeviceID(rawBytes: [n] + [UInt8](repeating: 0xAB, count: 31))
}

/// A version vector from `(device, counter)` pairs in any order.
func version(_ entries: (DeviceID, UInt64)...) -> VersionVector {
    VersionVector(entries.map { VersionVector.Entry(device: $0.0, counter: $0.1) })
}

/// A device with a real key pair, fixed by its seed byte, for node tests
/// (index batches must be signed by their author).
struct TestDevice: Sendable {
    let identity: DeviceIdentity

    init(seed: UInt8) {
        identity = try! DeviceIdentity(seed: [UInt8](repeating: seed, count: 32))
    }

    var id: DeviceID { identity.deviceID }

    /// The device the node under test runs as.
    static let local = TestDevice(seed: 1)
    /// Peers the test folder is shared with.
    static let a = TestDevice(seed: 2)
    static let b = TestDevice(seed: 3)
    /// A trusted peer the test folder is not shared with.
    static let stranger = TestDevice(seed: 4)
}
