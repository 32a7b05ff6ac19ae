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
        .executable(name: "dezero-examples", targets: ["dezero-examples"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
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
            dependencies: ["DeZeroArray", "CZlib"]),
        .target(
            name: "DeZeroCompiler",
            dependencies: ["DeZero", "DeZeroArray"]),
        .target(
            name: "DeZeroGraphviz",
            dependencies: ["DeZero", "CGraphviz"]),
        .executableTarget(
            name: "dezero-examples",
            dependencies: [
                "DeZero",
                "DeZeroGraphviz",
                "DeZeroArray",
                "DeZeroCompiler",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Examples/dezero-examples"),
        .executableTarget(
            name: "dezero-bench",
            dependencies: ["DeZero", "DeZeroArray"],
            path: "Benchmarks/dezero-bench"),
        .testTarget(
            name: "DeZeroTests",
            dependencies: ["DeZero", "DeZeroArray"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "DeZeroCompilerTests",
            dependencies: ["DeZeroCompiler", "DeZero", "DeZeroArray"]),
        .testTarget(
            name: "DeZeroGraphvizTests",
            dependencies: ["DeZeroGraphviz"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "DeZeroArrayTests",
            dependencies: ["DeZeroArray"],
            resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
