/// This build of Shoal.
public enum ShoalVersion {
    /// The version, sent to peers in `Hello` and shown by `shoal --version`.
    public static let current = "0.1.0"
}
