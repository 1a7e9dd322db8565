// swift-tools-version: 6.1
import PackageDescription

/// Shoal: peer-to-peer folder sync. Module roles and the arrows between them
/// follow `Docs/ARCHITECTURE.md`; C libraries stay behind one wrapper module each.
let package = Package(
    name: "Shoal",
    products: [
        .executable(name: "shoal", targets: ["shoal"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    ],
    targets: [
        // MARK: - C libraries
        .systemLibrary(
            name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(
            name: "CLibcrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CLZ4", pkgConfig: "liblz4", providers: [.apt(["liblz4-dev"])]),
        .systemLibrary(
            name: "CAvahi", pkgConfig: "avahi-client", providers: [.apt(["libavahi-client-dev"])]),

        // MARK: - Shoal modules
        .target(name: "ShoalCrypto", dependencies: ["CSodium", "CLibcrypto"]),
        .target(name: "ShoalModel", dependencies: ["ShoalCrypto"]),
        .target(name: "ShoalProtocol", dependencies: ["ShoalCrypto", "ShoalModel", "CLZ4"]),
        .target(
            name: "ShoalIndex",
            dependencies: [
                "ShoalModel",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(name: "ShoalSync", dependencies: ["ShoalCrypto", "ShoalModel", "ShoalProtocol", "ShoalIndex"]),
        .target(
            name: "ShoalArchive",
            dependencies: [
                "ShoalCrypto", "ShoalModel", "ShoalProtocol", "ShoalIndex", "ShoalSync",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .target(
            name: "ShoalRuntime",
            dependencies: [
                "ShoalCrypto", "ShoalModel", "ShoalIndex", "ShoalProtocol", "ShoalSync", "ShoalArchive", "CAvahi",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]),
        .executableTarget(
            name: "shoal",
            dependencies: [
                "ShoalCrypto", "ShoalModel", "ShoalIndex", "ShoalSync", "ShoalRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // MARK: - Simulation
        .target(
            name: "ShoalSimulation", dependencies: ["ShoalCrypto", "ShoalModel", "ShoalProtocol", "ShoalIndex", "ShoalSync"],
            path: "Simulations/ShoalSimulation"),
        .executableTarget(
            name: "shoal-sim",
            dependencies: ["ShoalSimulation", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Simulations/shoal-sim"),

        // MARK: - Benchmarks
        .executableTarget(
            name: "shoal-bench", dependencies: ["CSodium", "ShoalCrypto", "ShoalIndex", "ShoalTestSupport"],
            path: "Benchmarks/ShoalBench"),
        .executableTarget(
            name: "shoal-transport-bench",
            dependencies: [
                "ShoalCrypto", "ShoalProtocol", "ShoalRuntime", "ShoalTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/TransportBench"),

        // MARK: - Tests
        .target(name: "ShoalTestSupport"),
        // Publishes and browses through Avahi and prints what it sees as JSON lines; the
        // discovery tests run it inside network namespaces.
        .executableTarget(
            name: "shoal-discovery-probe",
            dependencies: [
                "ShoalCrypto", "ShoalRuntime", "ShoalTestSupport", .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/DiscoveryProbe"),
        .testTarget(name: "ShoalCryptoTests", dependencies: ["ShoalCrypto"]),
        .testTarget(name: "ShoalModelTests", dependencies: ["ShoalModel"]),
        .testTarget(name: "ShoalProtocolTests", dependencies: ["ShoalProtocol", "ShoalTestSupport"]),
        .testTarget(name: "ShoalSimulationTests", dependencies: ["ShoalSimulation", "ShoalCrypto", "ShoalModel"]),
        .testTarget(name: "ShoalIndexTests", dependencies: ["ShoalIndex", "ShoalTestSupport"]),
        .testTarget(
            name: "ShoalArchiveTests",
            dependencies: [
                "ShoalArchive", "ShoalIndex", "ShoalModel", "ShoalTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .testTarget(name: "ShoalSyncTests", dependencies: ["ShoalSync", "ShoalIndex", "ShoalTestSupport"]),
        .testTarget(
            name: "ShoalRuntimeTests",
            dependencies: [
                "ShoalRuntime", "ShoalProtocol", "ShoalSync", "ShoalIndex", "ShoalModel", "ShoalTestSupport",
                .product(name: "Logging", package: "swift-log"),
                // Only for the contract test that runs FolderDisk and SimDisk side by side.
                "ShoalSimulation",
            ]),
        // ShoalRuntime for a control server that stands in for the daemon, and FolderDisk (with the
        // modules of its operations) to make real kept versions.
        .testTarget(
            name: "ShoalCLITests",
            dependencies: ["ShoalCrypto", "ShoalRuntime", "ShoalTestSupport", "ShoalIndex", "ShoalModel", "ShoalSync"]),
        // Real `shoal daemon` processes: on loopback, and on a LAN of network
        // namespaces with their own avahi-daemons (Docs/USAGE.md, issue 5).
        .testTarget(name: "ShoalEndToEndTests", dependencies: ["ShoalRuntime", "ShoalCrypto", "ShoalTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
