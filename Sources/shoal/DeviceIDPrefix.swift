/// The start of a device ID as a person types it: any case, dashes and
/// spaces anywhere, `0`, `1` and `8` for the letters `O`, `I` and `B`
/// (as `DeviceID(parsing:)` reads them).
struct DeviceIDPrefix {
    /// The fewest characters accepted, so one or two stray letters cannot pick a device.
    static let minimumLength = 4
    /// The characters of a whole device ID, without dashes.
    static let fullLength = 56

    /// What was typed.
    let text: String
    /// The base32 characters, uppercase, without separators.
    let characters: String

    /// Reads `text`; `nil` when it has a character that is in no device ID.
    init?(_ text: String) {
        var characters = ""
        for character in text.uppercased() where character != "-" && character != " " {
            switch character {
            case "0": characters.append("O")
            case "1": characters.append("I")
            case "8": characters.append("B")
            case "A"..."Z", "2"..."7": characters.append(character)
            default: return nil
            }
        }
        self.text = text
        self.characters = characters
    }

    /// Whether `deviceID` (in its text form) starts with this prefix.
    func matches(_ deviceID: String) -> Bool {
        deviceID.uppercased().filter { $0 != "-" }.hasPrefix(characters)
    }
}
