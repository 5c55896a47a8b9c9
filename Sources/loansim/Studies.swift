import ArgumentParser
import Foundation
import LoanSim
import LoanSimReport
import RiskModel

// compare, sweep and stress: studies over several scenarios or shocks.
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
