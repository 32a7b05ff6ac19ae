// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "DeZero",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "DeZeroArray", targets: ["DeZeroArray"]),
        .library(name: "DeZero", targets: ["DeZero"]),
        .library(name: "DeZeroGraphviz", targets: ["DeZeroGraphviz"]),
        .library(name: "DeZeroCompiler", targets: ["DeZeroCompiler"]),
        .library(name: "DeZeroCUDA", targets: ["DeZeroCUDA"]),
        .executable(name: "dezero-examples", targets: ["dezero-examples"]),
        .executable(name: "dezero-ir", targets: ["dezero-ir"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.4.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"]), .brew(["openblas"])]),
        .systemLibrary(
            name: "CGraphviz", pkgConfig: "libgvc",
            providers: [.apt(["libgraphviz-dev"]), .brew(["graphviz"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .target(name: "CKernels", linkerSettings: [.linkedLibrary("m")]),
        .target(
            name: "DeZeroArray",
            dependencies: ["CBLAS", "CZlib", "CKernels"]),
        .target(
            name: "DeZero",
            dependencies: ["DeZeroArray"]),
        .target(
            name: "DeZeroCompiler",
            dependencies: ["DeZero", "DeZeroArray", "CKernels"]),
        .target(
            name: "DeZeroCUDA",
            dependencies: ["DeZeroCompiler", "DeZeroArray"]),
        .target(
            name: "DeZeroGraphviz",
            dependencies: ["DeZero", "DeZeroCompiler", "CGraphviz"]),
        .executableTarget(
            name: "dezero-examples",
            dependencies: [
                "DeZero",
                "DeZeroGraphviz",
                "DeZeroArray",
                "DeZeroCompiler",
                "DeZeroCUDA",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Examples/dezero-examples"),
        .executableTarget(
            name: "dezero-ir",
            dependencies: [
                "DeZeroCompiler",
                "DeZeroCUDA",
                "DeZeroGraphviz",
                "DeZeroArray",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "dezero-gpu-check",
            dependencies: ["DeZero", "DeZeroArray", "DeZeroCompiler", "DeZeroCUDA", "DeZeroParityCases"]),
        .executableTarget(
            name: "dezero-bench",
            dependencies: ["DeZero", "DeZeroArray", "DeZeroCompiler"],
            path: "Benchmarks/dezero-bench"),
        .target(
            name: "DeZeroTestSupport",
            dependencies: ["DeZeroArray", "DeZero"],
            path: "Tests/DeZeroTestSupport"),
        .target(
            name: "DeZeroParityCases",
            dependencies: ["DeZeroArray", "DeZero"],
            path: "Tests/DeZeroParityCases"),
        .testTarget(
            name: "DeZeroTests",
            dependencies: ["DeZero", "DeZeroArray", "DeZeroTestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "DeZeroCompilerTests",
            dependencies: ["DeZeroCompiler", "DeZero", "DeZeroArray", "DeZeroTestSupport", "DeZeroParityCases"]),
        .testTarget(
            name: "DeZeroCUDATests",
            dependencies: ["DeZeroCUDA", "DeZeroCompiler", "DeZeroArray", "DeZeroTestSupport", "DeZeroParityCases"]),
        .testTarget(
            name: "DeZeroGraphvizTests",
            dependencies: ["DeZeroGraphviz", "DeZeroCompiler", "DeZeroTestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "DeZeroArrayTests",
            dependencies: ["DeZeroArray", "DeZeroTestSupport"],
            resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
