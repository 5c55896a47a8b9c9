import ArgumentParser
import Foundation
import LoanSim
import LoanSimReport
import RiskModel

extension LoanSimCommand {
    struct Compare: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run scenarios on common random numbers and report paired differences against the first.")

        @Argument(help: "Two or more scenario files; differences are taken against the first.")
        var scenarios: [String]

        @OptionGroup var options: SimulationOptions

        @Option(help: "Output directory (default: out/compare-<first>). Writes compare.json, compare.csv and each run's files.")
        var out: String?

        @Option(name: .customLong("metric"),
                help: "A metric to compare, repeatable: METRIC (its mean), depletion.probability, depletion.yearN, or A/B (a ratio of means), e.g. --metric fiscal_cost --metric raroc --metric pool_paid/defaults. Default: the headline metrics, fiscal cost, distinct firms financed and fiscal cost per firm.")
        var metrics: [String] = []

        @OptionGroup var reportOptions: ReportOptions

        @OptionGroup var importanceOptions: ImportanceOptions

        func validate() throws {
            if scenarios.count < 2 { throw ValidationError("compare needs at least two scenario files") }
            // A paired difference's standard error needs two paths: one would give a file of nulls.
            if let paths = options.paths, paths < 2 { throw ValidationError("--paths must be at least 2 for compare (paired standard errors)") }
        }

        func run() async throws {
            try await withExitCodes {
                gslStartUp()
                let loaded = try scenarios.map { try ScenarioLoader.load(path: $0) }
                let paths = options.paths ?? loaded[0].scenario.paths
                let seed = options.seed ?? loaded[0].scenario.seed
                let directory = out ?? "out/compare-" + stem(scenarios[0])
                try FolderClaim.claim(directory)
                // Checked before any run: a misspelt metric should not cost the runs. One row per metric
                // (`fiscal_cost` and `fiscal_cost.mean` are one).
                let stepMonths = loaded[0].scenario.step.months
                var seen = Set<String>()
                let chosen = try (metrics.isEmpty ? Comparison.metrics : metrics)
                    .map { try ComparedFigure($0, for: loaded[0].scenario).description }
                    .filter { seen.insert($0).inserted }
                for l in loaded.dropFirst() { for m in chosen { _ = try ComparedFigure(m, for: l.scenario) } }
                if chosen.contains(where: { $0.hasPrefix("depletion.year") }),
                   let other = loaded.first(where: { $0.scenario.step.months != stepMonths }) {
                    throw ValidationError("depletion.yearN counts steps of \(stepMonths) month(s) as in \(loaded[0].file); \(other.file) has steps of \(other.scenario.step.months)")
                }
                // One shift for all (chosen on the first scenario): the paths keep common random numbers and
                // carry the same weights in every scenario.
                var design = try await importanceOptions.design(for: loaded[0], file: scenarios[0], seed: seed, threads: options.threadCount,
                                                                quiet: options.quiet)
                // The posterior draw's tilt gives every scenario the same weights only if all draw from one posterior.
                if let d = design, d.drawTilt != nil,
                   !loaded.allSatisfy({ $0.scenario.drawsParameters && $0.scenario.calibration?.sha256 == loaded[0].scenario.calibration?.sha256 }) {
                    design = ImportanceDesign(shift: d.shift, target: d.target, pilotPaths: d.pilotPaths)
                }
                if design != nil, let other = loaded.first(where: { $0.scenario.horizonMonths != loaded[0].scenario.horizonMonths
                                                                || $0.scenario.step != loaded[0].scenario.step || $0.scenario.macro.path != nil }) {
                    throw ValidationError("--importance compares on one shift of the macro factor: \(other.file) has another horizon or step, or a fixed factor path")
                }
                var models: [CompiledScenario] = [], results: [SimulationResult] = []
                for l in loaded {
                    let model = CompiledScenario(l.scenario, importance: design)
                    results.append(await Simulation.run(model, paths: paths, seed: seed, threads: options.threadCount))
                    models.append(model)
                }
                let refs = loaded.map(StudyWriters.ScenarioRef.init)
                let c = try CompareFolder.write(loaded: loaded, models: models, results: results, paths: paths, seed: seed, metrics: chosen,
                                                into: directory) { k in note("ran [\(k)] \(loaded[k].scenario.name)", quiet: options.quiet) }
                if let design {
                    print(String(format: "Importance sampling for %@ (chosen on [0]): shift θ = %.2f, the same weights on every scenario's paths; "
                                 + "means, standard errors and paired differences are weighted (each scenario's summary.json states its variance reduction).\n",
                                 design.target.description, design.shift.theta))
                }
                for o in c.omitted { note("no row \(o.metric): \(o.reason), so the ratio is not defined", quiet: false) }
                print(StudyWriters.compareTable(c, scenarios: refs, seed: seed, paths: paths), terminator: "")
                print("\nwrote \(directory)/compare.json, compare.csv, scenario-*/")
                if let report = try reportOptions.write(for: directory) { print("wrote \(report)") }
            }
        }
    }
}
