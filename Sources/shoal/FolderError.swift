import ShoalCrypto
import ShoalModel
import ShoalRuntime

/// Why a `shoal folder` command refused.
enum FolderError: Error, CustomStringConvertible {
    /// A folder with the ID exists already.
    case exists(FolderConfig)
    /// No folder has the ID.
    case unknown(FolderID)
    /// The device to share with is not trusted.
    case untrustedDevice(DeviceID)
    /// The device to share with is this one.
    case ownDevice(DeviceID)
    /// The path exists and is not a directory.
    case notADirectory(String)
    /// The path is inside the Shoal home.
    case insideHome(String, home: String)
    /// The path contains the Shoal home.
    case containsHome(String, home: String)
    /// The path is inside another folder.
    case insideFolder(String, FolderConfig)
    /// The path contains another folder.
    case containsFolder(String, FolderConfig)
    /// The directory could not be created.
    case cannotCreate(String, String)

    var description: String {
        switch self {
        case .exists(let folder):
            "a folder with ID '\(folder.id)' exists already (at \(folder.path)); pick another ID, or remove it "
                + "first with `shoal folder remove \(folder.id)`"
        case .unknown(let id):
            "there is no folder '\(id)'; `shoal folder list` shows them"
        case .untrustedDevice(let id):
            "\(id) is not a trusted peer; trust it first with `shoal peer add \(id)`"
        case .ownDevice(let id):
            "\(id) is this device's own ID; a folder is shared with other devices"
        case .notADirectory(let path):
            "\(path) exists and is not a directory"
        case .insideHome(let path, let home):
            "\(path) is inside the Shoal home \(home), which holds this device's identity and index; "
                + "pick a folder outside it"
        case .containsHome(let path, let home):
            "\(path) contains the Shoal home \(home); syncing it would send this device's identity key to "
                + "peers, so pick a folder that does not contain it"
        case .insideFolder(let path, let other):
            "\(path) is inside folder '\(other.id)' (\(other.path)); folders must not overlap, or a file "
                + "would belong to both"
        case .containsFolder(let path, let other):
            "\(path) contains folder '\(other.id)' (\(other.path)); folders must not overlap, or a file "
                + "would belong to both"
        case .cannotCreate(let path, let reason):
            "cannot create \(path): \(reason)"
        }
    }
}
