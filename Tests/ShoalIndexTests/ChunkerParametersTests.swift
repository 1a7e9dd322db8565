import Testing

@testable import ShoalIndex

/// Chunker parameters accept only sizes that make sense, and say why not.
@Suite struct ChunkerParametersTests {
    @Test func defaultsAre32KiB128KiB1MiB() {
        let parameters = ChunkerParameters.default
        #expect(parameters.minSize == 32 << 10)
        #expect(parameters.averageSize == 128 << 10)
        #expect(parameters.maxSize == 1 << 20)
        #expect(Chunker().parameters == parameters)
    }

    @Test(arguments: [
        (63, 256, 1024),  // minimum under 64
        (256, 256, 1024),  // minimum not under the average
        (64, 1024, 1024),  // average not under the maximum
        (64, 1024, 512),  // maximum under the average
        (64, 1 << 20, (16 << 20) + 1),  // maximum over the protocol's block limit
    ])
    func unorderedSizesAreRefused(minSize: Int, averageSize: Int, maxSize: Int) {
        #expect(throws: ChunkerParametersError.unordered(minSize: minSize, averageSize: averageSize, maxSize: maxSize)) {
            try ChunkerParameters(minSize: minSize, averageSize: averageSize, maxSize: maxSize)
        }
    }

    @Test(arguments: [3000, 128 + 64, 128])
    func averageMustBeAPowerOfTwoOfAtLeast256(averageSize: Int) {
        #expect(throws: ChunkerParametersError.averageNotPowerOfTwo(averageSize)) {
            try ChunkerParameters(minSize: 64, averageSize: averageSize, maxSize: 8192)
        }
    }

    @Test func largestAllowedSizesAreAccepted() throws {
        let parameters = try ChunkerParameters(minSize: 64, averageSize: 1 << 23, maxSize: ChunkerParameters.largestBlock)
        #expect(parameters.maxSize == 16 << 20)
    }

    @Test func errorsNameTheOffendingSizes() {
        let unordered = ChunkerParametersError.unordered(minSize: 4096, averageSize: 1024, maxSize: 8192)
        #expect(unordered.description.contains("min 4096, average 1024, max 8192"))
        #expect(ChunkerParametersError.averageNotPowerOfTwo(3000).description.contains("not 3000"))
    }
}
