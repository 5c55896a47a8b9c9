import ArgumentParser
import Foundation
import LoanSim
import RiskModel

/// `loansim`: Monte Carlo simulator of sci-tech loan programmes and their risk-compensation pool.
@main
struct LoanSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loansim",
        abstract: "Monte Carlo simulator of sci-tech loan programmes (郑科贷) and their risk-compensation pool.",
        discussion: """
        Exit codes: 0 ok, 64 usage error, 65 bad scenario data, 1 internal failure.
        Money is in 万元 (10,000 CNY) throughout.
        """,
        version: LoanSimVersion.string,
        subcommands: [Run.self, Validate.self]
    )
}

/// Options shared by commands that simulate.
struct SimulationOptions: ParsableArguments {
    @Option(help: "Number of Monte Carlo paths (default: the scenario's `paths`).")
    var paths: Int?

    @Option(help: "Master seed, 0…4294967295 (default: the scenario's `seed`).")
    var seed: UInt32?

    @Option(help: "Concurrent tasks (default: the number of cores). Results do not depend on it.")
    var threads: Int?

    @Flag(help: "No progress or timing on stderr.")
    var quiet = false

    func validate() throws {
        if let paths, paths < 1 || paths > 100_000_000 { throw ValidationError("--paths must be between 1 and 100000000") }
        if let threads, threads < 1 || threads > 256 { throw ValidationError("--threads must be between 1 and 256") }
    }

    var threadCount: Int { threads ?? ProcessInfo.processInfo.activeProcessorCount }
}

extension LoanSimCommand {
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a scenario and print its summary; write summary.json, paths.csv and timeseries.csv.")

        @Argument(help: "Scenario YAML file.")
        var scenario: String

        @OptionGroup var options: SimulationOptions

        @Option(help: "Output directory (default: out/<scenario file name>). Files are written atomically.")
        var out: String?

        @Flag(help: "Print the time taken, paths per second and peak memory on stderr.")
        var timing = false

        func run() async throws {
            try await withExitCodes {
                gslStartUp()
                let started = Date()
                let loaded = try ScenarioLoader.load(path: scenario)
                let paths = options.paths ?? loaded.scenario.paths
                let seed = options.seed ?? loaded.scenario.seed
                let model = CompiledScenario(loaded.scenario)
                let progress = Progress(total: paths, enabled: !options.quiet && isatty(2) != 0)
                let result = await Simulation.run(model, paths: paths, seed: seed, threads: options.threadCount,
                                                  progress: { progress.update($0) })
                progress.finish()
                let simulated = Date()
                let summary = RunSummary(info: RunInfo(loaded: loaded, paths: paths, seed: seed), model: model, result: result)
                let directory = out ?? "out/" + ((scenario as NSString).lastPathComponent as NSString).deletingPathExtension
                try RunWriters.write(summary, outcomes: result.outcomes, to: directory)
                print(SummaryTable.render(summary, outDirectory: directory), terminator: "")
                fflush(nil)
                if timing || !options.quiet {
                    let simSeconds = simulated.timeIntervalSince(started)
                    let total = Date().timeIntervalSince(started)
                    let rate = Double(paths) / max(simSeconds, 1e-9)
                    let line = String(format: "timing: %d paths in %.2f s simulated (%.0f paths/s), %.2f s total, peak memory %.1f MB, %d threads\n",
                                      paths, simSeconds, rate, total, PeakMemory.megabytes(), options.threadCount)
                    FileHandle.standardError.write(Data(line.utf8))
                }
            }
        }
    }

    struct Validate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Check a scenario file without running it.")

        @Argument(help: "Scenario YAML file(s).")
        var scenarios: [String]

        func run() async throws {
            try await withExitCodes {
                for file in scenarios {
                    let loaded = try ScenarioLoader.load(path: file)
                    let s = loaded.scenario
                    let ineligible = s.cohorts.filter { !s.programme.eligibility.admits($0) }.map(\.name)
                    print("\(file): ok — \(s.name); \(s.cohorts.count) cohorts, \(s.banks.count) banks, "
                          + "\(s.horizonMonths) months in \(s.step.rawValue)ly steps; sha256 \(loaded.sha256)")
                    if !ineligible.isEmpty {
                        print("\(file): note — outside the programme's eligibility, these cohorts get no loans: \(ineligible.joined(separator: ", "))")
                    }
                }
            }
        }
    }
}

/// Maps scenario errors to exit 65 with every problem on stderr; anything else unexpected to exit 1.
func withExitCodes(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as ScenarioError {
        FileHandle.standardError.write(Data((error.description + "\n").utf8))
        throw ExitCode(65)
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("loansim: error: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

/// Throttled progress on stderr (only when it is a terminal).
final class Progress: @unchecked Sendable {
    let total: Int
    let enabled: Bool
    private var last = Date.distantPast
    private let lock = NSLock()

    init(total: Int, enabled: Bool) {
        self.total = total
        self.enabled = enabled
    }

    func update(_ done: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(last) > 0.2 || done == total else { return }
        last = now
        let line = String(format: "\r  %3.0f%%  %d / %d paths", 100 * Double(done) / Double(total), done, total)
        FileHandle.standardError.write(Data(line.utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Peak resident memory of this process (VmHWM from /proc/self/status), in MB.
enum PeakMemory {
    static func megabytes() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return .nan }
        for line in text.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let kb = line.split(separator: " ").compactMap { Double($0) }.first ?? .nan
            return kb / 1024
        }
        return .nan
    }
}
