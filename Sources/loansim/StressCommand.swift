import ArgumentParser
import Foundation
import LoanSim
import LoanSimReport
import RiskModel

extension LoanSimCommand {
    struct Stress: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reverse stress test: the smallest shock that makes a metric meet a target.",
            discussion: "Example: loansim stress scenarios/zhengkedai-baseline.yaml --target \"depletion.probability>=0.9\" --vary macro.shift")

        @Argument(help: "Scenario YAML file.")
        var scenario: String

        @Option(help: ArgumentHelp("METRIC.STAT>=VALUE or <=VALUE, e.g. depletion.probability>=0.5 or pool_paid.mean>=9000.", valueName: "target"))
        var target: String

        @Option(help: "The shock to vary: macro.shift (added to Z, searched from 0 down) or pd.multiplier (from 1 up).")
        var vary: ReverseStress.Shock = .macroShift

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
            let shock = vary
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
