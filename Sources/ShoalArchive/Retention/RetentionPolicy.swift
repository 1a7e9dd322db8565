/// How long the archive keeps old versions.
///
/// Versions younger than `keepAllDays` are all kept; up to `dailyDays`, the
/// newest of each UTC day; after that, the newest of each week (Monday to
/// Sunday, UTC). A path's current version is never dropped, and neither is
/// the last live version of a deleted file, so a deleted file can always be
/// restored — unless `trashDays` is set and the file has been deleted for
/// that long: then its earlier versions are all dropped, as from a trash
/// that is emptied (the tombstone stays, so the deletion is still known).
///
/// Stored as JSON with snake_case keys, each optional:
/// `{"keep_all_days": 30, "daily_days": 90, "trash_days": 365}`.
public struct RetentionPolicy: Codable, Hashable, Sendable {
    /// Days during which every version is kept.
    public let keepAllDays: Int
    /// Days (counted from now, so including `keepAllDays`) during which one
    /// version per day is kept; older versions are kept one per week.
    public let dailyDays: Int
    /// Days after a file's deletion when its versions are dropped; `nil`
    /// keeps a deleted file's last live version for ever.
    public let trashDays: Int?

    /// 30 days of everything, one a day up to 90 days, then one a week; deleted files kept for ever.
    public static let `default` = try! RetentionPolicy()

    /// Creates a policy after checking it makes sense.
    ///
    /// - Throws: `RetentionPolicyError` when a count is negative or
    ///   `dailyDays` is less than `keepAllDays`.
    public init(keepAllDays: Int = 30, dailyDays: Int = 90, trashDays: Int? = nil) throws(RetentionPolicyError) {
        guard keepAllDays >= 0 else { throw .negative(field: "keep_all_days", value: keepAllDays) }
        guard dailyDays >= keepAllDays else { throw .dailyBeforeKeepAll(keepAllDays: keepAllDays, dailyDays: dailyDays) }
        if let trashDays, trashDays < 0 { throw .negative(field: "trash_days", value: trashDays) }
        self.keepAllDays = keepAllDays
        self.dailyDays = dailyDays
        self.trashDays = trashDays
    }

    // MARK: - Codable

    enum CodingKeys: String, CodingKey {
        case keepAllDays = "keep_all_days"
        case dailyDays = "daily_days"
        case trashDays = "trash_days"
    }

    /// Reads a policy from its JSON form; missing keys take their defaults.
    ///
    /// - Throws: `DecodingError.dataCorrupted` carrying the
    ///   `RetentionPolicyError` when the values do not make sense.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Self.default
        do {
            try self.init(
                keepAllDays: container.decodeIfPresent(Int.self, forKey: .keepAllDays) ?? defaults.keepAllDays,
                dailyDays: container.decodeIfPresent(Int.self, forKey: .dailyDays) ?? defaults.dailyDays,
                trashDays: container.decodeIfPresent(Int.self, forKey: .trashDays))
        } catch let error as RetentionPolicyError {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: error.description, underlyingError: error))
        }
    }
}

/// Why a retention policy was refused.
public enum RetentionPolicyError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A number of days is negative.
    case negative(field: String, value: Int)
    /// `daily_days` is less than `keep_all_days`.
    case dailyBeforeKeepAll(keepAllDays: Int, dailyDays: Int)

    public var description: String {
        switch self {
        case .negative(let field, let value):
            "retention: \(field) must be 0 or more days, not \(value)"
        case .dailyBeforeKeepAll(let keepAll, let daily):
            "retention: daily_days (\(daily)) counts from today, so it must be at least keep_all_days (\(keepAll))"
        }
    }
}
