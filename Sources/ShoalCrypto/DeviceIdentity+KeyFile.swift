/// The identity key file: three lines of text, the secret last.
///
///     # Shoal device identity. This file IS the device: keep it secret (mode 0600).
///     device-id MFZWI3D-BONSGYC-...
///     secret-seed 9f86d081884c7d65...   (32 bytes in hex)
///
/// The device ID line lets a person see which device a file belongs to, and
/// lets loading catch a damaged seed.
extension DeviceIdentity {
    /// The key file's text for this identity.
    public var keyFileText: String {
        let seedHex = withSeed { Hex.encode($0) }
        return """
            # Shoal device identity. This file IS the device: keep it secret (mode 0600).
            device-id \(deviceID)
            secret-seed \(seedHex)

            """
    }

    /// Reads an identity from a key file's text.
    ///
    /// - Parameter path: used in error messages only.
    /// - Throws: `IdentityError.damagedKeyFile` saying which line is missing or
    ///   wrong, or that the seed does not give the recorded device ID.
    public init(keyFileText text: String, path: String) throws(IdentityError) {
        var fields: [Substring: Substring] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", maxSplits: 1)
            if parts.count == 2 { fields[parts[0]] = parts[1] }
        }
        guard let seedHex = fields["secret-seed"] else { throw .damagedKeyFile(path: path, reason: "no secret-seed line") }
        guard let seed = Hex.decode(seedHex), seed.count == 32 else {
            throw .damagedKeyFile(path: path, reason: "secret-seed is not 64 hexadecimal digits")
        }
        try self.init(seed: seed)
        if let recorded = fields["device-id"], recorded != Substring(deviceID.description) {
            throw .damagedKeyFile(
                path: path, reason: "its secret belongs to device \(deviceID), not to the recorded \(recorded)")
        }
    }
}
