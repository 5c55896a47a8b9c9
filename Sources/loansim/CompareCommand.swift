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
}
