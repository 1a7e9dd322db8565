public import ShoalCrypto

/// Why a handshake failed. Each closes the connection before any message is
/// exchanged; the description is the log line's reason.
public enum HandshakeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The first bytes are not a Shoal handshake (another protocol or noise).
    case notShoal(firstBytes: [UInt8])
    /// The peer speaks a handshake version this device does not.
    case unsupportedVersion(UInt16)
    /// The peer is a device this side does not trust (or not the one dialled).
    case untrustedPeer(DeviceID)
    /// The peer's signature of the handshake transcript does not verify.
    case badSignature(DeviceID)
    /// The peer's ephemeral key is unusable.
    case keyExchange(KeyExchangeError)
    /// The peer's secret stream header is unusable.
    case badStreamHeader

    public var description: String {
        switch self {
        case .notShoal(let bytes):
            "not a Shoal handshake (first bytes \(bytes.prefix(8).map { String($0, radix: 16) }.joined(separator: " ")))"
        case .unsupportedVersion(let version):
            "unsupported handshake version \(version) (this device speaks \(Handshake.version))"
        case .untrustedPeer(let device):
            "device \(device) is not trusted"
        case .badSignature(let device):
            "the handshake signature of device \(device) does not verify"
        case .keyExchange(let error):
            "key exchange failed: \(error)"
        case .badStreamHeader:
            "the peer's secret stream header is malformed"
        }
    }
}
