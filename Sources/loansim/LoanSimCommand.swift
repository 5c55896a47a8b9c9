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
    do { input = try ReportInput.load(directory) } catch let e as ReportError { throw ValidationError(e.description) }
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
            abstract: "Run a scenario and print its summary; write summary.json, paths.csv and timeseries.csv.")

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

extension LoanSimCommand {
    struct Compare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run scenarios on common random numbers and report paired differences against the first.")

        @Argument(help: "Two or more scenario files; differences are taken against the first.")
        var scenarios: [String]

        @OptionGroup var options: SimulationOptions

        @Option(help: "Output directory (default: out/compare-<first>). Writes compare.json, compare.csv and each run's files.")
        var out: String?

        @OptionGroup var reportOptions: ReportOptions

        func validate() throws {
            if scenarios.count < 2 { throw ValidationError("compare needs at least two scenario files") }
        }

        func run() async throws {
            try await withExitCodes {
                gslStartUp()
                let loaded = try scenarios.map { try ScenarioLoader.load(path: $0) }
                let paths = options.paths ?? loaded[0].scenario.paths
                let seed = options.seed ?? loaded[0].scenario.seed
                let directory = out ?? "out/compare-" + stem(scenarios[0])
                var outcomes: [[PathOutcome]] = []
                for (k, l) in loaded.enumerated() {
                    let model = CompiledScenario(l.scenario)
                    let r = await Simulation.run(model, paths: paths, seed: seed, threads: options.threadCount)
                    let summary = RunSummary(info: RunInfo(loaded: l, paths: paths, seed: seed), model: model, result: r)
                    try RunWriters.write(summary, outcomes: r.outcomes, scenario: l.scenario, to: "\(directory)/scenario-\(k)")
                    outcomes.append(r.outcomes)
                    note("ran [\(k)] \(l.scenario.name)", quiet: options.quiet)
                }
                let refs = loaded.map(StudyWriters.ScenarioRef.init)
                let c = try Comparison(names: loaded.map(\.scenario.name), outcomes: outcomes)
                let generator = loaded[0].generatorName
                try AtomicFiles.write([
                    ("compare.json", StudyWriters.compareJSON(c, scenarios: refs, seed: seed, paths: paths, generator: generator)),
                    ("compare.csv", StudyWriters.compareCSV(c, scenarios: refs, seed: seed, paths: paths, generator: generator)),
                ], into: directory)
                print(StudyWriters.compareTable(c, scenarios: refs, seed: seed, paths: paths), terminator: "")
                print("\nwrote \(directory)/compare.json, compare.csv, scenario-*/")
                if let report = try reportOptions.write(for: directory) { print("wrote \(report)") }
            }
        }
    }

    struct Sweep: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a grid over scenario parameters (by key path) on common random numbers.",
            discussion: "Example: loansim sweep scenarios/zhengkedai-baseline.yaml --set programme.compensation.credit=60%,70%,80% --set pool.initial=1亿,2亿")

        @Argument(help: "Scenario YAML file.")
        var scenario: String

        @Option(name: .customLong("set"), help: ArgumentHelp("A parameter and its values: key.path=v1,v2,… (repeatable; values without commas).", valueName: "key=values"))
        var settings: [String] = []

        @OptionGroup var options: SimulationOptions

        @Option(help: "Output directory (default: out/sweep-<scenario>). Writes sweep.csv.")
        var out: String?

        @OptionGroup var reportOptions: ReportOptions

        func validate() throws {
            do { _ = try SweepGrid(settings) } catch let e as SweepError { throw ValidationError(e.description) }
            try reportOptions.validate()
        }

        func run() async throws {
            try await withExitCodes {
                gslStartUp()
                let grid = try SweepGrid(settings)
                let base = try ScenarioLoader.load(path: scenario)
                let paths = options.paths ?? base.scenario.paths
                let seed = options.seed ?? base.scenario.seed
                let metrics = try Comparison.metrics.map { try MetricSelector($0) }
                var points: [StudyWriters.SweepPoint] = []
                for overrides in grid.points {
                    let l = try ScenarioLoader.load(path: scenario, overrides: overrides)
                    let r = await Simulation.run(CompiledScenario(l.scenario), paths: paths, seed: seed, threads: options.threadCount)
                    points.append(.init(values: overrides.map(\.value), estimates: metrics.map { $0.estimate(r.outcomes) }))
                    note("ran " + overrides.map { "\($0.keyPath)=\($0.value)" }.joined(separator: " "), quiet: options.quiet)
                }
                let ref = StudyWriters.ScenarioRef(base)
                let directory = out ?? "out/sweep-" + stem(scenario)
                try AtomicFiles.write([("sweep.csv", StudyWriters.sweepCSV(keys: grid.keys, metrics: metrics, points: points, scenario: ref,
                                                                          seed: seed, paths: paths, generator: base.generatorName))],
                                      into: directory)
                print(StudyWriters.sweepTable(keys: grid.keys, metrics: metrics, points: points, scenario: ref, seed: seed, paths: paths), terminator: "")
                print("\nwrote \(directory)/sweep.csv")
                if let report = try reportOptions.write(for: directory) { print("wrote \(report)") }
            }
        }
    }

    struct Stress: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reverse stress test: the smallest shock that makes a metric meet a target.",
            discussion: "Example: loansim stress scenarios/zhengkedai-baseline.yaml --target \"depletion.probability>=0.9\" --vary macro.shift")

        @Argument(help: "Scenario YAML file.")
        var scenario: String

        @Option(help: ArgumentHelp("METRIC.STAT>=VALUE or <=VALUE, e.g. depletion.probability>=0.5 or pool_paid.mean>=9000.", valueName: "target"))
        var target: String

        @Option(help: "The shock to vary: macro.shift (added to Z, searched from 0 down) or pd.multiplier (from 1 up).")
        var vary: String = "macro.shift"

        @Option(help: "Months the shock applies to, FROM-TO (default: the whole horizon).")
        var window: String?

        @Option(help: "The largest shock tried (default −5 for macro.shift, 20 for pd.multiplier).")
        var limit: Double?

        @Option(help: "Stop bisecting when the bracket is narrower than this.")
        var tolerance = 0.005

        @OptionGroup var options: SimulationOptions

        @Option(help: "Output directory (default: out/stress-<scenario>). Writes stress.json.")
        var out: String?

        func parsed() throws -> (ReverseStress.Target, ReverseStress.Shock, ClosedRange<Int>?) {
            let t: ReverseStress.Target
            do { t = try ReverseStress.Target(target) } catch let e as MetricSelectorError { throw ValidationError(e.description) }
            guard let shock = ReverseStress.Shock(rawValue: vary) else {
                throw ValidationError("--vary must be one of \(ReverseStress.Shock.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var range: ClosedRange<Int>?
            if let window {
                let parts = window.split(separator: "-").compactMap { Int($0) }
                guard parts.count == 2, parts[0] >= 1, parts[1] >= parts[0] else { throw ValidationError("--window expects FROM-TO months, e.g. 13-24") }
                range = parts[0]...parts[1]
            }
            return (t, shock, range)
        }

        func validate() throws {
            _ = try parsed()
            if !(tolerance > 0 && tolerance.isFinite) { throw ValidationError("--tolerance must be a positive number (got \(tolerance))") }
            if let limit, !limit.isFinite { throw ValidationError("--limit must be a finite number (got \(limit))") }
        }

        func run() async throws {
            try await withExitCodes {
                gslStartUp()
                let (t, shock, window) = try parsed()
                let loaded = try ScenarioLoader.load(path: scenario)
                if let window, window.upperBound > loaded.scenario.horizonMonths {
                    throw ValidationError("--window ends after the horizon (\(loaded.scenario.horizonMonths) months)")
                }
                let paths = options.paths ?? loaded.scenario.paths
                let seed = options.seed ?? loaded.scenario.seed
                let search = ReverseStress(base: loaded.scenario, shock: shock, target: t, window: window, limit: limit, tolerance: tolerance)
                let quiet = options.quiet
                let result = await search.run(paths: paths, seed: seed, threads: options.threadCount) { e in
                    note(String(format: "  %@ = %+.4f → %@ = %.6g ± %.2g", shock.rawValue, e.shock, t.metric.description, e.value, e.se), quiet: quiet)
                }
                let ref = StudyWriters.ScenarioRef(loaded)
                let directory = out ?? "out/stress-" + stem(scenario)
                try AtomicFiles.write([("stress.json", StudyWriters.stressJSON(result, search: search, scenario: ref, seed: seed, paths: paths,
                                                                              generator: loaded.generatorName))], into: directory)
                print("LoanSim \(LoanSimVersion.string) · reverse stress test of \(loaded.scenario.name) · \(paths) paths per evaluation · seed \(seed)")
                print("target: \(t)   varying: \(shock.rawValue) over months \(search.fromMonth)–\(search.toMonth)")
                if let s = result.shock {
                    print(String(format: "smallest shock meeting the target: %@ = %.4f ± %.4f (95%% CI %.4f to %.4f; %d evaluations)",
                                 shock.rawValue, s, result.se, s - 1.96 * result.se, s + 1.96 * result.se, result.evaluations.count))
                } else {
                    print("the target is not met even at the limit \(search.limit); widen --limit")
                }
                print("\nwrote \(directory)/stress.json")
            }
        }
    }
}

func stem(_ path: String) -> String { ((path as NSString).lastPathComponent as NSString).deletingPathExtension }

func note(_ text: String, quiet: Bool) {
    guard !quiet else { return }
    FileHandle.standardError.write(Data((text + "\n").utf8))
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
    } catch let error as ValidationError {
        throw error
    } catch let error as MetricSelectorError {
        throw ValidationError(error.description)
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
