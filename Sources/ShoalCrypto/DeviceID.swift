// Temporary stand-in until the identity work merges.
public struct DeviceID: Hashable, Comparable, Sendable, CustomStringConvertible {
    private let hash: ContentHash
    public init(rawBytes: some Collection<UInt8>) throws(ContentHashError) { hash = try ContentHash(bytes: rawBytes) }
    public var rawBytes: [UInt8] { hash.bytes }
    public var description: String { hash.hex }
    public var shortID: String { String(hash.hex.prefix(7)) }
    public static func < (a: DeviceID, b: DeviceID) -> Bool { a.hash < b.hash }
}
