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

        @Option(help: ArgumentHelp("Run only part K of N of the run's path blocks (K = 1…N) and write it as shard-K-of-N.bin in --out; "
                                   + "`loansim merge` joins the N shards into the same result as one run.", valueName: "K/N"))
        var shard: String?

        func validate() throws {
            if let precision { _ = try parsePrecision(precision) }
            if let shard {
                _ = try Self.parseShard(shard)
                if precision != nil { throw ValidationError("--shard and --precision do not go together: a shard's size is fixed by --paths") }
                if reportOptions.report { throw ValidationError("--shard writes a part of a run: report on the merged result (loansim merge --report)") }
            }
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

        static func parseShard(_ text: String) throws -> (Int, Int) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
            guard parts.count == 2, let k = parts[0], let n = parts[1], n >= 1, n <= 100_000, k >= 1, k <= n else {
                throw ValidationError("--shard expects K/N with 1 ≤ K ≤ N, e.g. 2/8 (got '\(text)')")
            }
            return (k, n)
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
                let directory = out ?? "out/" + ((scenario as NSString).lastPathComponent as NSString).deletingPathExtension
                if let shard {
                    let (k, n) = try Self.parseShard(shard)
                    try await RunShards.write(shard: k, of: n, loaded: loaded, model: model, paths: paths, seed: seed,
                                              threads: options.threadCount, directory: directory)
                    return
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
                var pointResult: SimulationResult?
                if loaded.scenario.drawsParameters {
                    // The same paths at the point estimate, on the same seed (common random numbers).
                    note("running the same \(paths) paths at the calibration's point estimate…", quiet: options.quiet)
                    pointResult = await Simulation.run(CompiledScenario(loaded.scenario.atPointEstimate), paths: paths, seed: seed,
                                                       threads: options.threadCount)
                }
                try RunShards.finish(loaded: loaded, model: model, result: result, pointResult: pointResult, paths: paths, seed: seed,
                                     directory: directory, reportOptions: reportOptions, progress: progress)
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
