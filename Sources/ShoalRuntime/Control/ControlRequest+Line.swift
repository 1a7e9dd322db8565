import Foundation

extension ControlRequest {
    /// Reads one request line as the daemon receives it (without its newline).
    ///
    /// - Throws: `MalformedControlRequest` saying what is wrong with the line.
    public init(line: [UInt8]) throws(MalformedControlRequest) {
        do {
            self = try JSONDecoder().decode(ControlRequest.self, from: Data(line))
        } catch let error as DecodingError {
            throw MalformedControlRequest(reason: Self.reason(error))
        } catch {
            throw MalformedControlRequest(reason: "\(error)")
        }
    }

    private static func reason(_ error: DecodingError) -> String {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            "it is not a JSON object"
        case .dataCorrupted(let context):
            context.debugDescription
        case .keyNotFound(let key, _):
            "it has no \"\(key.stringValue)\" field"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            context.codingPath.isEmpty
                ? "it is not a JSON object"
                : "\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" must be a string"
        @unknown default:
            "\(error)"
        }
    }
}

/// Why a line sent to the control socket is not a `ControlRequest`.
public struct MalformedControlRequest: Error, Equatable, CustomStringConvertible {
    /// What is wrong with the line.
    public var reason: String

    public var description: String {
        let commands = ControlRequest.allCases.map(\.rawValue).joined(separator: ", ")
        return "malformed request: \(reason); send one JSON line such as {\"command\":\"status\"} "
            + "(commands: \(commands))"
    }
}
