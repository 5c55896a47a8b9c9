// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "LoanSim",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "loansim", targets: ["loansim"]),
        // `mpirun -n N .build/release/loansim-mpi run …`: needs Open MPI (libopenmpi-dev); `loansim` does not.
        .executable(name: "loansim-mpi", targets: ["loansim-mpi"]),
        // `loansim-serve [SCENARIO…]`: the what-if workbench, a local web page (Hummingbird); `loansim` does not need it.
        .executable(name: "loansim-serve", targets: ["loansim-serve"]),
        .library(name: "LoanSim", targets: ["LoanSim"]),
        .library(name: "RiskModel", targets: ["RiskModel"]),
        .library(name: "LoanSimReport", targets: ["LoanSimReport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
    ],
    targets: [
        // GSL, reached only through RiskModel.
        .systemLibrary(
            name: "CGSL",
            pkgConfig: "gsl",
            providers: [.apt(["libgsl-dev"])]
        ),
        // Random streams, distributions, factor model, risk measures. Knows nothing of loans or pools.
        .target(
            name: "RiskModel",
            dependencies: ["CGSL"],
            // Optimised in debug builds too: the calibration tests fit hundreds of likelihoods. Release
            // keeps the default -O with its checks: -Ounchecked measured no faster (`make bench`).
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // Text formats shared by the readers: the one CSV line splitter and a line splitter for any line ending.
        .target(name: "TextFormats"),
        // The files LoanSim writes, as Codable types shared by the writers and the reports.
        .target(name: "LoanSimFiles"),
        // Scenarios, programme rules, the pool ledger, the path engine, aggregation and writers.
        .target(
            name: "LoanSim",
            dependencies: [
                "RiskModel",
                "TextFormats",
                "LoanSimFiles",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            // Optimised in debug builds too: the tests run whole scenarios through the engine, and a run's
            // target search and drivers rerun its paths a few dozen times.
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        // libxlsxwriter, reached only by the report's Excel workbook (`loansim report DIR --xlsx FILE`).
        .systemLibrary(
            name: "CXLSX",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        // Self-contained HTML reports and Excel workbooks from a run's output files; knows nothing of the engine.
        .target(name: "LoanSimReport", dependencies: ["TextFormats", "LoanSimFiles", "CXLSX", .product(name: "Crypto", package: "swift-crypto")]),
        .executableTarget(
            name: "loansim",
            dependencies: [
                "LoanSim",
                "LoanSimReport",
                "TextFormats",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Open MPI, reached only by loansim-mpi.
        .systemLibrary(
            name: "CMPI",
            pkgConfig: "ompi",
            providers: [.apt(["libopenmpi-dev"])]
        ),
        .executableTarget(
            name: "loansim-mpi",
            dependencies: ["LoanSim", "CMPI", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The what-if workbench's model: levers read off a scenario file, a what-if as a scenario file
        // (`extends` + `set`), runs on common random numbers against the base. Knows nothing of HTTP.
        .target(name: "LoanSimWorkbench", dependencies: ["LoanSim", "LoanSimReport", "LoanSimFiles", "RiskModel", "TextFormats"]),
        .executableTarget(
            name: "loansim-serve",
            dependencies: [
                "LoanSimWorkbench",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "RiskModelTests", dependencies: ["RiskModel"]),
        .testTarget(name: "WorkbenchTests", dependencies: ["LoanSimWorkbench", "LoanSim", "RiskModel"]),
        .testTarget(name: "LoanSimTests", dependencies: ["LoanSim", "RiskModel"]),
        .testTarget(name: "CLITests", dependencies: ["loansim"]),
        .testTarget(name: "ReportTests", dependencies: ["LoanSimReport", "LoanSim", "RiskModel", "TextFormats", "LoanSimFiles"]),
    ]
)
