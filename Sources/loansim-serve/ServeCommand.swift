import ArgumentParser
import Foundation
import Hummingbird
import LoanSimWorkbench

/// `loansim-serve [SCENARIO…]`: the what-if workbench on a local web page.
@main
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loansim-serve",
        abstract: "The what-if workbench: a local web page where a lever moves and the answer follows, on common random numbers against the scenario.",
        discussion: """
            Binds to 127.0.0.1 unless --host says otherwise. Reads only the scenario files given (and the files they \
            extend or include) and writes only under --out; every lever value is validated as a scenario file's would be.
            """)

    @Argument(help: "Scenario files to offer (default: scenarios/zhengkedai-baseline.yaml).")
    var scenarios: [String] = []

    @Option(help: "Port to listen on.")
    var port: Int = 8080

    @Option(help: "Address to bind: 127.0.0.1 (this machine only) unless you mean to serve a network.")
    var host: String = "127.0.0.1"

    @Option(help: "Paths per run (default: 2000; a what-if runs as many as its base).")
    var paths: Int = 2000

    @Option(help: "Seed (default: each scenario's own).")
    var seed: UInt32?

    @Option(help: "Threads per run.")
    var threads: Int = 2

    @Option(help: "Folder the workbench writes its what-ifs into.")
    var out: String = "out/serve"

    @Option(help: "What-ifs that run at once; more wait.")
    var maxRunning: Int = 2

    @Option(help: "What-ifs that may wait; more are refused as busy (HTTP 503).")
    var maxQueued: Int = 4

    func validate() throws {
        guard (1...65535).contains(port) else { throw ValidationError("--port must be 1…65535") }
        guard (2...1_000_000).contains(paths) else { throw ValidationError("--paths must be 2…1000000") }
        guard (1...64).contains(threads), (1...16).contains(maxRunning), (0...64).contains(maxQueued) else {
            throw ValidationError("--threads 1…64, --max-running 1…16, --max-queued 0…64")
        }
    }

    func run() async throws {
        let files = scenarios.isEmpty ? ["scenarios/zhengkedai-baseline.yaml"] : scenarios
        let bench: Workbench
        do {
            bench = try Workbench(scenarioFiles: files, options: .init(paths: paths, seed: seed, threads: threads, outDirectory: out,
                                                                      maxRunning: maxRunning, maxQueued: maxQueued))
        } catch {
            FileHandle.standardError.write(Data("loansim-serve: \(error)\n".utf8))
            throw ExitCode(65)
        }
        let loopback = ["127.0.0.1", "::1", "localhost"].contains(host)
        var banner = "LoanSim workbench: open http://\(host == "::1" ? "[::1]" : host):\(port)/ (\(files.joined(separator: ", ")); \(paths) paths a run; writes under \(out)/)\n"
        if !loopback {
            banner += "WARNING: bound to \(host), not loopback: anyone who reaches this address can run what-ifs (it reads only the scenarios given and writes only under \(out)/).\n"
        }
        FileHandle.standardOutput.write(Data(banner.utf8))
        let app = Application(router: WorkbenchRoutes(bench: bench).router(),
                              configuration: .init(address: .hostname(host, port: port), serverName: "loansim-serve"))
        try await app.runService()
    }
}
