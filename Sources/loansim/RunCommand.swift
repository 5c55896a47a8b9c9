import ArgumentParser
import Foundation
import LoanSim
import LoanSimReport
import RiskModel

extension LoanSimCommand {
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
                let progress = Progress(total: paths, quiet: options.quiet)
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
                progress.done()
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
}
