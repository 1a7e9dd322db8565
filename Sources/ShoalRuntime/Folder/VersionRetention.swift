/// How long the version store keeps replaced and removed files: a folder
/// setting, written in the configuration as
/// `{"max_versions": 10, "max_age_days": 30}`.
///
/// Retention runs for a path each time a version of it is added; nothing in
/// the version store is deleted any other way.
public struct VersionRetention: Codable, Hashable, Sendable {
    /// The most versions kept per path (at least 1); the oldest go first.
    public var maxVersions: Int
    /// Versions kept longer than this many days go, if set (at least 1).
    public var maxAgeDays: Int?

    /// Creates a policy; values below 1 count as 1.
    public init(maxVersions: Int = 10, maxAgeDays: Int? = nil) {
        self.maxVersions = max(1, maxVersions)
        self.maxAgeDays = maxAgeDays.map { max(1, $0) }
    }

    enum CodingKeys: String, CodingKey {
        case maxVersions = "max_versions"
        case maxAgeDays = "max_age_days"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            maxVersions: try container.decodeIfPresent(Int.self, forKey: .maxVersions) ?? 10,
            maxAgeDays: try container.decodeIfPresent(Int.self, forKey: .maxAgeDays))
    }
}
