import ShoalModel

/// The hard limits of the wire protocol. A message over any of them is
/// refused by the encoder and, from a peer, closes the connection.
///
/// They are part of the protocol (see `Docs/PROTOCOL.md`): both sides of a
/// connection must agree on them, so they change only with a new protocol
/// version.
public enum WireLimits {
    /// The most bytes of one message's plaintext (type byte and body).
    public static let maxFrameBytes = 64 << 20
    /// The most bytes of one block; matches the chunker's `largestBlock`.
    public static let maxBlockBytes = 16 << 20
    /// The most bytes of a path (the same as `RelativePath.maxByteCount`).
    public static let maxPathBytes = RelativePath.maxByteCount
    /// The most bytes of a symlink target.
    public static let maxSymlinkTargetBytes = 4095
    /// The most bytes of a device name or client string in `Hello`.
    public static let maxNameBytes = 255
    /// The most bytes of the reason in `Close`.
    public static let maxReasonBytes = 1024
    /// The most records in one `IndexBatch`.
    public static let maxRecordsPerBatch = 65_536
    /// The most blocks of one file (1 TiB in blocks of 1 MiB).
    public static let maxBlocksPerFile = 1 << 20
    /// The most entries of one version vector.
    public static let maxVersionEntries = 1024
    /// The most folders in one `ClusterConfig`.
    public static let maxFolders = 4096
    /// The most authors listed for one folder in a `ClusterConfig`.
    public static let maxAuthorsPerFolder = 4096
    /// The most files in one `Progress`.
    public static let maxProgressFiles = 4096
}
