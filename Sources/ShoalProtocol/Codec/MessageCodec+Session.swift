import ShoalModel

// MARK: - Hello and ClusterConfig

extension MessageCodec {
    static func encode(_ hello: Hello, into writer: inout WireWriter) throws(MessageEncodingError) {
        writer.u16(hello.protocolVersions.lowerBound)
        writer.u16(hello.protocolVersions.upperBound)
        writer.u64(hello.capabilities.rawValue)
        try writer.string(hello.deviceName, field: "device name", limit: WireLimits.maxNameBytes)
        try writer.string(hello.client, field: "client", limit: WireLimits.maxNameBytes)
    }

    static func decodeHello(_ reader: inout WireReader) throws(MessageDecodingError) -> Hello {
        let lowest = try reader.u16("lowest protocol version")
        let highest = try reader.u16("highest protocol version")
        guard lowest <= highest else {
            throw .invalidValue(
                field: "protocol versions", reason: "the lowest (\(lowest)) is above the highest (\(highest))")
        }
        let capabilities = Capabilities(rawValue: try reader.u64("capabilities"))
        let name = try reader.string("device name", limit: WireLimits.maxNameBytes)
        let client = try reader.string("client", limit: WireLimits.maxNameBytes)
        return Hello(deviceName: name, client: client, protocolVersions: lowest...highest, capabilities: capabilities)
    }

    static func encode(_ config: ClusterConfig, into writer: inout WireWriter) throws(MessageEncodingError) {
        try writer.count(config.folders.count, field: "folders", limit: WireLimits.maxFolders)
        for folder in config.folders {
            try writer.string(folder.folder.rawValue, field: "folder", limit: FolderID.maxLength)
            writer.bool(folder.isSendOnly)
            try writer.count(folder.indexProgress.count, field: "authors", limit: WireLimits.maxAuthorsPerFolder)
            for entry in folder.indexProgress {
                writer.device(entry.author)
                writer.u64(entry.sequence)
            }
        }
    }

    static func decodeClusterConfig(_ reader: inout WireReader) throws(MessageDecodingError) -> ClusterConfig {
        let count = try reader.count("folders", limit: WireLimits.maxFolders, minimumElementBytes: 8)
        var folders: [SharedFolder] = []
        folders.reserveCapacity(count)
        for _ in 0..<count {
            let folder = try decodeFolderID(&reader)
            let isSendOnly = try reader.bool("send-only flag")
            let authors = try reader.count("authors", limit: WireLimits.maxAuthorsPerFolder, minimumElementBytes: 40)
            var progress: [AuthorSequence] = []
            progress.reserveCapacity(authors)
            for _ in 0..<authors {
                progress.append(AuthorSequence(author: try reader.device("author"), sequence: try reader.u64("sequence")))
            }
            folders.append(SharedFolder(folder: folder, indexProgress: progress, isSendOnly: isSendOnly))
        }
        return ClusterConfig(folders: folders)
    }

    static func decodeFolderID(_ reader: inout WireReader) throws(MessageDecodingError) -> FolderID {
        let text = try reader.string("folder", limit: FolderID.maxLength)
        do {
            return try FolderID(text)
        } catch {
            throw .invalidValue(field: "folder", reason: error.reason)
        }
    }
}
