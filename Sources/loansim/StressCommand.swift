import ArgumentParser
import Foundation
import LoanSim
import LoanSimReport
import RiskModel

extension LoanSimCommand {
    struct Stress: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reverse stress test: the smallest shock that makes a metric meet a target.",
            discussion: """
                Examples:
                  loansim stress scenarios/zhengkedai-baseline.yaml --target "depletion.probability>=0.9" --vary macro.shift
                  loansim stress scenarios/zhengkedai-baseline.yaml --target "depletion.year3>=0.2" --vary cohorts[0].pd --limit 0.1
                """)

        @Argument(help: "Scenario YAML file.")
        var scenario: String

        @Option(help: ArgumentHelp("METRIC.STAT>=VALUE or <=VALUE, e.g. depletion.probability>=0.5, pool_paid.mean>=9000 or pool_paid/defaults>=60 (a ratio of means).", valueName: "target"))
        var target: String

        @Option(help: ArgumentHelp("The shock to vary: macro.shift (added to Z, searched from 0 down), pd.multiplier (from 1 up), "
                                   + "or any numeric key path of the scenario (pool.initial, cohorts[0].pd, …: from the file's value, "
                                   + "or --from, toward --limit).", valueName: "shock"))
        var vary = "macro.shift"

        @Option(help: "For a key path: the value to start from (default: the scenario file's value).")
        var from: Double?

        @Option(help: "Months the shock applies to, FROM-TO (default: the whole horizon).")
        var window: String?

        @Option(help: "The largest shock tried (default −5 for macro.shift, 20 for pd.multiplier; required for a key path).")
        var limit: Double?

        @Option(help: "Stop bisecting when the bracket is narrower than this (default 0.005, or 0.2% of the range for a key path).")
        var tolerance: Double?

        @OptionGroup var options: SimulationOptions

        @Option(help: "Output directory (default: out/stress-<scenario>). Writes stress.json.")
        var out: String?

        /// The shock and the window; the target's syntax (monthly steps: the run reads it for its scenario).
        func parsed() throws -> (ReverseStress.Shock, ClosedRange<Int>?) {
            do { _ = try ReverseStress.Target(target, stepMonths: 1) } catch let e as MetricSelectorError { throw ValidationError(e.description) }
            let shock = ReverseStress.Shock(vary)
            if case .keyPath = shock {
                guard limit != nil else { throw ValidationError("--vary \(vary) needs --limit, the farthest value to try") }
                guard window == nil else { throw ValidationError("--window applies to macro.shift and pd.multiplier; a key path is set for the whole run") }
            }
            var range: ClosedRange<Int>?
            if let window {
                let parts = window.split(separator: "-").compactMap { Int($0) }
                guard parts.count == 2, parts[0] >= 1, parts[1] >= parts[0] else { throw ValidationError("--window expects FROM-TO months, e.g. 13-24") }
                range = parts[0]...parts[1]
            }
            return (shock, range)
        }

        func validate() throws {
            _ = try parsed()
            if let paths = options.paths, paths < 2 { throw ValidationError("--paths must be at least 2 for stress (standard errors)") }
            if let tolerance, !(tolerance > 0 && tolerance.isFinite) { throw ValidationError("--tolerance must be a positive number (got \(tolerance))") }
            if let limit, !limit.isFinite { throw ValidationError("--limit must be a finite number (got \(limit))") }
            if let from, !from.isFinite { throw ValidationError("--from must be a finite number (got \(from))") }
        }

        func run() async throws {
            try await withExitCodes {
                gslStartUp()
                let (shock, window) = try parsed()
                let loaded = try ScenarioLoader.load(path: scenario)
                let t = try ReverseStress.Target(target, for: loaded.scenario)
                let directory = out ?? "out/stress-" + stem(scenario)
                try FolderClaim.claim(directory)
                if let window, window.upperBound > loaded.scenario.horizonMonths {
                    throw ValidationError("--window ends after the horizon (\(loaded.scenario.horizonMonths) months)")
                }
                let paths = options.paths ?? loaded.scenario.paths
                let seed = options.seed ?? loaded.scenario.seed
                var start: Double?
                if case .keyPath(let key) = shock {
                    start = try from ?? ScenarioLoader.value(at: key, in: scenario)
                    guard start != nil else {
                        throw ValidationError("\(scenario) does not set \(key) (its default applies); give --from VALUE to start from")
                    }
                }
                let tol = tolerance ?? (start.map { s in 0.002 * abs((limit ?? s) - s) } ?? 0.005)
                let search = ReverseStress(base: loaded.scenario, shock: shock, target: t, window: window, limit: limit, tolerance: max(tol, 1e-12),
                                           file: scenario, start: start)
                let quiet = options.quiet
                let result = try await search.run(paths: paths, seed: seed, threads: options.threadCount) { e in
                    note(String(format: "  %@ = %+.6g → %@ = %.6g ± %.2g", shock.keyPath, e.shock, t.metric.description, e.value, e.se), quiet: quiet)
                }
                let ref = StudyWriters.ScenarioRef(loaded)
                try AtomicFiles.write([("stress.json", StudyWriters.stressJSON(result, search: search, scenario: ref, seed: seed, paths: paths,
                                                                              generator: loaded.generatorName))], into: directory)
                print("LoanSim \(LoanSimVersion.string) · reverse stress test of \(loaded.scenario.name) · \(paths) paths per evaluation · seed \(seed)")
                print("target: \(t)   varying: \(shock.keyPath) " + (start == nil ? "over months \(search.fromMonth)–\(search.toMonth)" : "from \(Plan.text(search.start)) toward \(Plan.text(search.limit))"))
                if let s = result.shock {
                    print(String(format: "smallest shock meeting the target: %@ = %.6g ± %.3g (95%% CI %.6g to %.6g; %d evaluations)",
                                 shock.keyPath, s, result.se, s - 1.96 * result.se, s + 1.96 * result.se, result.evaluations.count))
                } else {
                    print("the target is not met even at the limit \(search.limit); widen --limit")
                }
                print("\nwrote \(directory)/stress.json")
            }
        }
    }
}
