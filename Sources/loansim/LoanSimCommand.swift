import ArgumentParser
import Foundation
import LoanSim
import LoanSimReport
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
        subcommands: [Run.self, Validate.self, Calibrate.self, Compare.self, Sweep.self, Stress.self, ReportCommand.self]
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

/// `--report` and `--lang` on commands that write results.
struct ReportOptions: ParsableArguments {
    @Flag(help: "Also write an HTML report (report.<lang>.html) into the output directory.")
    var report = false

    @Option(help: "Report language: zh (Chinese, 亿元/万元) or en.")
    var lang: String = "zh"

    func validate() throws {
        if ReportLanguage(rawValue: lang) == nil { throw ValidationError("--lang must be zh or en") }
    }

    /// Writes the report for `directory` if asked; returns its path.
    @discardableResult
    func write(for directory: String) throws -> String? {
        guard report else { return nil }
        return try writeReport(directory: directory, lang: ReportLanguage(rawValue: lang)!, to: nil)
    }
}

func writeReport(directory: String, lang: ReportLanguage, to file: String?) throws -> String {
    let input: ReportInput
    do { input = try ReportInput.load(directory) } catch let e as ReportError {
        // A run folder that cannot be read is bad input data: exit 65, like a bad scenario.
        FileHandle.standardError.write(Data("loansim: error: \(e.description)\n".utf8))
        throw ExitCode(65)
    }
    let name = file ?? (directory as NSString).appendingPathComponent("report.\(lang.rawValue).html")
    let folder = (name as NSString).deletingLastPathComponent
    try AtomicFiles.write([((name as NSString).lastPathComponent, Report.html(input, lang: lang))], into: folder.isEmpty ? "." : folder)
    return name
}

extension LoanSimCommand {
    struct ReportCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write a self-contained HTML report (charts in Chinese or English) from a run, compare or sweep directory.")

        @Argument(help: "A directory written by loansim run, compare or sweep.")
        var directory: String

        @Option(help: "Language: zh (Chinese, 亿元/万元) or en.")
        var lang: String = "zh"

        @Option(help: "Output file (default: DIRECTORY/report.<lang>.html).")
        var out: String?

        func validate() throws {
            if ReportLanguage(rawValue: lang) == nil { throw ValidationError("--lang must be zh or en") }
        }

        func run() async throws {
            try await withExitCodes {
                let path = try writeReport(directory: directory, lang: ReportLanguage(rawValue: lang)!, to: out)
                print("wrote \(path)")
            }
        }
    }

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a scenario and print its summary; write summary.json, paths.csv, timeseries.csv, scenario.json and manifest.json.")

        @Argument(help: "Scenario YAML file.")
        var scenario: String

        @OptionGroup var options: SimulationOptions

        @Option(help: "Output directory (default: out/<scenario file name>). Files are written atomically.")
        var out: String?

        @Flag(help: "Print the time taken, paths per second and peak memory on stderr.")
        var timing = false

        @OptionGroup var reportOptions: ReportOptions

        @Option(help: ArgumentHelp("Run until a metric's standard error is at most a target, e.g. pool_paid=50 (万元) or depletion=0.005.",
                                   valueName: "metric=se"))
        var precision: String?

        @Option(help: "Path budget for --precision.")
        var maxPaths = 1_000_000

        func validate() throws {
            if let precision { _ = try parsePrecision(precision) }
            if maxPaths < 1 || maxPaths > 100_000_000 { throw ValidationError("--max-paths must be between 1 and 100000000 (got \(maxPaths))") }
        }

        func parsePrecision(_ text: String) throws -> (MetricSelector, Double) {
            let parts = text.split(separator: "=").map(String.init)
            guard parts.count == 2, let se = Double(parts[1]), se > 0, se.isFinite else {
                throw ValidationError("--precision expects metric=target_se, e.g. pool_paid=50")
            }
            do {
                let m = try MetricSelector(parts[0])
                guard m.stat == .mean || m.stat == .probability else { throw ValidationError("--precision works on means and probabilities (\(parts[0]))") }
                return (m, se)
            } catch let e as MetricSelectorError {
                throw ValidationError(e.description)
            }
        }

        func run() async throws {
            try await withExitCodes {
                gslStartUp()
                let started = Date()
                let loaded = try ScenarioLoader.load(path: scenario)
                var paths = options.paths ?? loaded.scenario.paths
                let seed = options.seed ?? loaded.scenario.seed
                let model = CompiledScenario(loaded.scenario)
                let budget = precision == nil ? paths : maxPaths
                if let refusal = MemoryEstimate.refusal(paths: budget, steps: model.stepCount, pools: model.pools.count,
                                                        banks: model.bankShares.count, option: precision == nil ? "--paths" : "--max-paths") {
                    throw ValidationError(refusal)
                }
                let progress = Progress(total: paths, enabled: !options.quiet && isatty(2) != 0)
                let result: SimulationResult
                if let precision {
                    let (metric, target) = try parsePrecision(precision)
                    let (r, se) = await Simulation.runToPrecision(model, seed: seed, threads: options.threadCount, metric: metric.value,
                                                                  target: target, minPaths: min(paths, 1024), maxPaths: maxPaths)
                    result = r
                    paths = r.outcomes.count
                    let met = se <= target ? "met" : "NOT met within --max-paths \(maxPaths)"
                    FileHandle.standardError.write(Data("precision: \(metric) standard error \(String(format: "%.4g", se)) with \(paths) paths (target \(target): \(met))\n".utf8))
                } else {
                    result = await Simulation.run(model, paths: paths, seed: seed, threads: options.threadCount,
                                                  progress: { progress.update($0) })
                }
                progress.finish()
                let simulated = Date()
                var summary = RunSummary(info: RunInfo(loaded: loaded, paths: paths, seed: seed), model: model, result: result)
                if loaded.scenario.drawsParameters {
                    // The same paths at the point estimate, on the same seed (common random numbers).
                    note("running the same \(paths) paths at the calibration's point estimate…", quiet: options.quiet)
                    let pointModel = CompiledScenario(loaded.scenario.atPointEstimate)
                    let pointResult = await Simulation.run(pointModel, paths: paths, seed: seed, threads: options.threadCount)
                    summary.atPointEstimate = PointEstimateRun(RunSummary(info: RunInfo(loaded: loaded, paths: paths, seed: seed),
                                                                         model: pointModel, result: pointResult))
                }
                let directory = out ?? "out/" + ((scenario as NSString).lastPathComponent as NSString).deletingPathExtension
                try RunWriters.write(summary, outcomes: result.outcomes, scenario: loaded.scenario, to: directory)
                print(SummaryTable.render(summary, outDirectory: directory), terminator: "")
                if let report = try reportOptions.write(for: directory) { print("wrote \(report)") }
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
