import ArgumentParser
import Foundation
import LoanSim
import LoanSimReport
import RiskModel

extension LoanSimCommand {
    struct PlanCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plan",
            abstract: "The value of a key path at the edge of a target: e.g. the smallest initial capital with P(depleted by year 5) <= 5%.",
            discussion: """
                Example: loansim plan scenarios/zhengkedai-baseline.yaml --target "depletion.year5<=0.05" --vary pool.initial --range 0:50000
                Every evaluation runs the same paths (common random numbers); the answer carries its Monte Carlo standard error and is
                checked on fresh paths (the next seed) at the answer and 5% beyond it. Targets: METRIC.STAT<=V or >=V, with STAT one of
                mean, q50, q90, q95, q99, q999, es99, and depletion.probability or depletion.yearN.
                """)

        @Argument(help: "Scenario YAML file.")
        var scenario: String

        @Option(help: ArgumentHelp("METRIC.STAT<=VALUE or >=VALUE, e.g. depletion.year5<=0.05, unpaid_claims.q95<=0 or fiscal_cost/distinct_firms_financed<=3.3 (a ratio of means).", valueName: "target"))
        var target: String

        @Option(help: ArgumentHelp("The numeric key path to vary, e.g. pool.initial, pool.top_ups[0].amount, programme.compensation.credit.",
                                   valueName: "key.path"))
        var vary: String

        @Option(help: ArgumentHelp("The values to search between, LOW:HIGH (in the key's own unit: 万元 for amounts).", valueName: "low:high"))
        var range: String

        @OptionGroup var options: SimulationOptions

        @Option(help: "Output directory (default: out/plan-<scenario>). Writes plan.json.")
        var out: String?

        func bounds() throws -> ClosedRange<Double> {
            let parts = range.split(separator: ":").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard parts.count == 2, let lo = parts[0], let hi = parts[1], lo.isFinite, hi.isFinite, lo < hi else {
                throw ValidationError("--range expects LOW:HIGH with finite numbers, LOW < HIGH (got \(range))")
            }
            return lo...hi
        }

        func validate() throws {
            _ = try bounds()
            // A target's standard error needs two paths: one would give a plan of nulls.
            if let paths = options.paths, paths < 2 { throw ValidationError("--paths must be at least 2 for plan (standard errors)") }
            // The syntax only (monthly steps): the run reads the target for its scenario.
            do { _ = try ReverseStress.Target(target, stepMonths: 1) } catch let e as MetricSelectorError { throw ValidationError(e.description) }
        }

        func run() async throws {
            try await withExitCodes {
                gslStartUp()
                let loaded = try ScenarioLoader.load(path: scenario)
                let directory = out ?? "out/plan-" + stem(scenario)
                try FolderClaim.claim(directory)
                let t: ReverseStress.Target
                do { t = try ReverseStress.Target(target, for: loaded.scenario) } catch let e as MetricSelectorError {
                    throw ValidationError(e.description)
                }
                // The search evaluates both ends first: a value outside the key's allowed range is refused there
                // by the loader, with the key and its range, before any long work.
                try ScenarioLoader.checkNumericKey(vary, in: scenario)
                let plan = Plan(path: scenario, keyPath: vary, target: t, range: try bounds(),
                                current: try ScenarioLoader.value(at: vary, in: scenario))
                let paths = options.paths ?? loaded.scenario.paths
                let seed = options.seed ?? loaded.scenario.seed
                let quiet = options.quiet
                let result = try await plan.run(paths: paths, seed: seed, threads: options.threadCount) { e in
                    note(String(format: "  %@ = %.6g → %@ = %.6g ± %.2g", vary, e.value, t.metric.description, e.estimate, e.se), quiet: quiet)
                }
                let text = PlanReport.text(result, plan: plan, scenario: loaded, seed: seed, paths: paths)
                try AtomicFiles.write([("plan.json", PlanReport.json(result, plan: plan, scenario: loaded, seed: seed, paths: paths))], into: directory)
                print(text, terminator: "")
                print("\nwrote \(directory)/plan.json")
            }
        }
    }
}
