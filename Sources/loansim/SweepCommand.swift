import ArgumentParser
import Foundation
import LoanSim
import LoanSimReport
import RiskModel

extension LoanSimCommand {
    struct Sweep: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run a grid over scenario parameters (by key path) on common random numbers.",
            discussion: "Example: loansim sweep scenarios/zhengkedai-baseline.yaml --set programme.compensation.credit=60%,70%,80% --set pool.initial=1亿,2亿")

        @Argument(help: "Scenario YAML file.")
        var scenario: String

        @Option(name: .customLong("set"), help: ArgumentHelp("A parameter and its values: key.path=v1,v2,… (repeatable; values without commas).", valueName: "key=values"))
        var settings: [String] = []

        @OptionGroup var options: SimulationOptions

        @Option(help: "Output directory (default: out/sweep-<scenario>). Writes sweep.csv and sweep.json.")
        var out: String?

        @Option(name: .customLong("metric"),
                help: "A figure per grid point, repeatable: METRIC or METRIC.STAT (pool_paid.q99), depletion.yearN, or A/B (a ratio of means). Default: the headline metrics, fiscal cost, distinct firms financed and fiscal cost per firm.")
        var metrics: [String] = []

        @OptionGroup var reportOptions: ReportOptions

        func validate() throws {
            do { _ = try SweepGrid(settings) } catch let e as SweepError { throw ValidationError(e.description) }
        }

        func run() async throws {
            try await withExitCodes {
                gslStartUp()
                let grid = try SweepGrid(settings)
                let base = try ScenarioLoader.load(path: scenario)
                let directory = out ?? "out/sweep-" + stem(scenario)
                try FolderClaim.claim(directory)
                let paths = options.paths ?? base.scenario.paths
                let seed = options.seed ?? base.scenario.seed
                var seen = Set<String>()
                let metrics = try (self.metrics.isEmpty ? Comparison.metrics : self.metrics)
                    .map { try ComparedFigure($0, for: base.scenario, paired: false) }
                    .filter { seen.insert($0.description).inserted }
                var points: [StudyWriters.SweepPoint] = []
                let progress = Progress(total: grid.points.count, quiet: options.quiet, unit: "points")
                for overrides in grid.points {
                    let l = try ScenarioLoader.load(path: scenario, overrides: overrides)
                    let r = await Simulation.run(CompiledScenario(l.scenario), paths: paths, seed: seed, threads: options.threadCount)
                    points.append(.init(values: overrides.map(\.value), estimates: metrics.map { $0.estimate(r.outcomes) }))
                    if !progress.terminal { note("ran " + overrides.map { "\($0.keyPath)=\($0.value)" }.joined(separator: " "), quiet: options.quiet) }
                    progress.update(points.count)
                }
                progress.finish(next: nil)
                for (k, m) in metrics.enumerated() {
                    let undefined = points.filter { $0.estimates[k] == nil }.count
                    if undefined > 0, let b = m.denominator {
                        note("\(m.description) is not defined at \(undefined) of \(points.count) points (the mean of \(b.key) is zero there): empty cells", quiet: false)
                    }
                }
                let ref = StudyWriters.ScenarioRef(base)
                try AtomicFiles.write([
                    ("sweep.csv", StudyWriters.sweepCSV(keys: grid.keys, metrics: metrics, points: points, scenario: ref,
                                                        seed: seed, paths: paths, generator: base.generatorName)),
                    ("sweep.json", StudyWriters.sweepJSON(keys: grid.keys, metrics: metrics, points: points, scenario: ref,
                                                          seed: seed, paths: paths, generator: base.generatorName)),
                ], into: directory)
                print(StudyWriters.sweepTable(keys: grid.keys, metrics: metrics, points: points, scenario: ref, seed: seed, paths: paths), terminator: "")
                print("\nwrote \(directory)/sweep.csv, sweep.json")
                if let report = try reportOptions.write(for: directory) { print("wrote \(report)") }
            }
        }
    }
}
