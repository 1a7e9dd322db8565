public import ShoalCrypto
public import ShoalIndex
public import ShoalModel
public import ShoalSync

/// The archive node's disk: the engine's operations carried out on the
/// block store instead of a folder. The archive has no working folder;
/// what a folder would hold is the current versions in the index, and
/// their content is blocks.
///
/// - a pulled block (`writeTemporary`) is stored, verified and fsynced;
/// - a finished file (`commitFile`) needs nothing more: the engine then
///   records the version (`ArchiveStore.storeApplied`), which references
///   its blocks;
/// - a read for a peer or a local copy (`readBlock`) finds the block of
///   the current version at that offset and reads it from the store;
/// - directories, symlinks, permissions and removals are records only.
///
/// Nothing changes behind the engine's back on an archive, so the expected
/// state an operation carries always holds and is not checked.
public final class ArchiveDisk: DiskExecutor {
    private let folder: FolderID
    private let index: IndexDatabase
    private let blocks: BlockStore

    /// Creates the disk of `folder`.
    public init(folder: FolderID, index: IndexDatabase, blocks: BlockStore) {
        self.folder = folder
        self.index = index
        self.blocks = blocks
    }

    public func perform(_ operation: DiskOperation) -> DiskOutcome {
        switch operation {
        case .readBlock(let path, let offset, let size):
            return read(path, offset: offset, size: size)
        case .writeTemporary(_, _, let data):
            do {
                try blocks.put(data)
                return .done(stat: nil)
            } catch {
                if case .noSpace = error { return .failed(.noSpace) }
                return .failed(.io("\(error)"))
            }
        case .commitFile(_, _, _, let modifiedNanoseconds, _, _):
            return .done(stat: LocalStat(size: 0, modifiedNanoseconds: modifiedNanoseconds, inode: 0))
        case .discardTemporary, .removeAllTemporaries, .remove:
            return .done(stat: nil)
        case .makeDirectory, .makeSymlink, .setPermissions:
            return .done(stat: LocalStat(size: 0, modifiedNanoseconds: 0, inode: 0))
        }
    }

    private func read(_ path: RelativePath, offset: Int64, size: Int) -> DiskOutcome {
        do {
            var start: Int64 = 0
            for block in try index.blocks(in: folder, at: path) {
                if start == offset, block.size == size { return .data(try blocks.get(block.hash)) }
                start += Int64(block.size)
            }
            return .failed(.sourceChanged)
        } catch {
            return .failed(.io("cannot read a block of \(path) from the archive: \(error)"))
        }
    }
}
