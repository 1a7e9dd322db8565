import ShoalCrypto

/// Device IDs for tests: `device(n)` is a fixed ID whose bytes start with `n`,
/// so IDs sort by `n`.
func device(_ n: UInt8) -> DeviceID {
    try! DeviceID(rawBytes: [n] + [UInt8](repeating: 0xAB, count: 31))
}
