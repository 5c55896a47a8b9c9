import ArgumentParser
import Foundation
import TextFormats
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

        @Flag(help: "Print the time taken, paths per second and peak memory on stderr (a calibrated scenario's run at the point estimate shown apart).")
        var timing = false

        @OptionGroup var reportOptions: ReportOptions

        @Flag(help: "Do not search the top-up that meets the scenario's `target:` (the search reruns the paths about ten times).")
        var noTarget = false

        @Flag(help: "Do not compute what drives the answer (the tornado over the scenario's `[assumption] range:` tags and the posterior PD quantiles).")
        var noDrivers = false

        @Option(help: ArgumentHelp("Run until a metric's standard error is at most a target, e.g. pool_paid=50 (万元), depletion=0.005 or fiscal_cost/distinct_firms_financed=0.02 (万元/firm).",
                                   valueName: "metric=se"))
        var precision: String?

        @Option(help: "Path budget for --precision.")
        var maxPaths = 1_000_000

        @Option(help: ArgumentHelp("Run only part K of N of the run's path blocks (K = 1…N) and write it as shard-K-of-N.bin in --out; "
                                   + "`loansim merge` joins the N shards into the same result as one run.", valueName: "K/N"))
        var shard: String?

        @Option(help: ArgumentHelp("Keep the per-path results on disk, in the output folder, instead of in memory: auto (when the run "
                                   + "would need more than 256 MB of memory), always or never. The numbers are the same.", valueName: "mode"))
        var spill: SpillMode = .auto

        enum SpillMode: String, ExpressibleByArgument, CaseIterable { case auto, always, never }

        @OptionGroup var importanceOptions: ImportanceOptions

        func validate() throws {
            if let precision { _ = try parsePrecision(precision) { try ComparedFigure($0, stepMonths: 1) } }   // the syntax
            if let shard {
                _ = try Self.parseShard(shard)
                if precision != nil { throw ValidationError("--shard and --precision do not go together: a shard's size is fixed by --paths") }
                if reportOptions.report { throw ValidationError("--shard writes a part of a run: report on the merged result (loansim merge --report)") }
            }
            if try importanceOptions.parsed() != nil {
                if precision != nil { throw ValidationError("--importance and --precision do not go together: --precision stops on a plain standard error") }
                if shard != nil { throw ValidationError("--importance is for single-machine runs: --shard does not carry the shift yet") }
            }
            if maxPaths < 1 || maxPaths > Simulation.maxPaths { throw ValidationError("--max-paths must be between 1 and \(Simulation.maxPaths) (got \(maxPaths))") }
        }

        /// `metric=target_se`, the metric read by `parse` (for the run's scenario: `ComparedFigure.init(_:for:)`):
        /// a mean, a probability or a ratio of means.
        func parsePrecision(_ text: String, metric parse: (String) throws -> ComparedFigure) throws -> (ComparedFigure, Double) {
            let parts = text.split(separator: "=").map(String.init)
            guard parts.count == 2, let se = DecimalNumber.parse(parts[1]), se > 0 else {
                throw ValidationError("--precision expects metric=target_se, e.g. pool_paid=50 or fiscal_cost/distinct_firms_financed=0.05")
            }
            do {
                return (try parse(parts[0]), se)
            } catch let e as MetricSelectorError {
                throw ValidationError(e.description)
            }
        }

        static func parseShard(_ text: String) throws -> (Int, Int) {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
            guard parts.count == 2, let k = parts[0], let n = parts[1], n >= 1, n <= RunShard.maxShards, k >= 1, k <= n else {
                throw ValidationError("--shard expects K/N with 1 ≤ K ≤ N, e.g. 2/8 (got '\(text)')")
            }
            return (k, n)
        }

        func run() async throws {
            try await withExitCodes {
                gslStartUp()
                let started = Date()
                let loaded = try ScenarioLoader.load(path: scenario)
                // The drivers' ranges are the scenario's input too: refused before any path runs.
                if !noDrivers { try Drivers.checkRanges(path: scenario) }
                let directory = out ?? "out/" + ((scenario as NSString).lastPathComponent as NSString).deletingPathExtension
                // A run holds its folder for the whole command; the N shards of a run share one folder, each
                // writing its own file, so a shard only checks it here and locks it while it writes.
                if shard == nil { try FolderClaim.claim(directory) } else { try OutputDirectory.check(directory) }
                var paths = options.paths ?? loaded.scenario.paths
                let seed = options.seed ?? loaded.scenario.seed
                var model = CompiledScenario(loaded.scenario)
                if let design = try await importanceOptions.design(for: loaded, file: scenario, seed: seed, threads: options.threadCount,
                                                                   quiet: options.quiet) {
                    model = CompiledScenario(loaded.scenario, importance: design)
                }
                let budget = precision == nil ? paths : maxPaths
                let inMemory = MemoryEstimate.bytes(paths: budget, steps: model.stepCount, pools: model.pools.count, banks: model.bankShares.count)
                let spilled = precision == nil && shard == nil && (spill == .always || (spill == .auto && inMemory > RunSummary.spillAbove))
                if !spilled, let refusal = MemoryEstimate.refusal(paths: budget, steps: model.stepCount, pools: model.pools.count,
                                                        banks: model.bankShares.count, option: precision == nil ? "--paths" : "--max-paths") {
                    throw ValidationError(refusal)
                }
                if spilled {
                    try RunSummary.checkDiskSpace(model: model, paths: paths, runs: loaded.scenario.drawsParameters ? 2 : 1, directory: directory)
                }
                if let shard {
                    let (k, n) = try Self.parseShard(shard)
                    try await RunShards.write(shard: k, of: n, loaded: loaded, model: model, paths: paths, seed: seed,
                                              threads: options.threadCount, directory: directory)
                    return
                }
                let progress = Progress(total: paths, quiet: options.quiet)
                if spilled {
                    let summary = try await RunSummary.runSpilled(
                        loaded: loaded, model: model, paths: paths, seed: seed, threads: options.threadCount, answers: answerOptions, note: say, to: directory,
                        progress: { progress.update($0) },
                        pointNote: { note("running the same \(paths) paths at the calibration's point estimate…", quiet: options.quiet) })
                    progress.finish()
                    try RunShards.present(summary, directory: directory, reportOptions: reportOptions, progress: progress)
                    timingLine(paths: paths, started: started, simulated: nil)
                    return
                }
                let result: SimulationResult
                if let precision {
                    let (metric, target) = try parsePrecision(precision) { try ComparedFigure($0, for: loaded.scenario) }
                    let (r, se) = await Simulation.runToPrecision(model, seed: seed, threads: options.threadCount,
                                                                  standardError: { metric.estimate($0)?.se ?? .infinity },
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
                var pointSeconds: Double?
                if loaded.scenario.drawsParameters {
                    // The same paths at the point estimate, on the same seed (common random numbers).
                    note("running the same \(paths) paths at the calibration's point estimate…", quiet: options.quiet)
                    pointResult = await Simulation.run(CompiledScenario(loaded.scenario.atPointEstimate, importance: model.importance), paths: paths, seed: seed,
                                                       threads: options.threadCount)
                    pointSeconds = Date().timeIntervalSince(simulated)
                }
                let answers = try await RunAnswers.compute(loaded, model: model, depletionSteps: result.outcomes.map { Double($0.depletionStep) },
                                                           seed: seed, threads: options.threadCount, options: answerOptions, note: say)
                try RunShards.finish(loaded: loaded, model: model, result: result, pointResult: pointResult, paths: paths, seed: seed,
                                     answers: answers, directory: directory, reportOptions: reportOptions, progress: progress)
                timingLine(paths: paths, started: started, simulated: simulated, pointEstimate: pointSeconds)
            }
        }

        var answerOptions: RunAnswers.Options { RunAnswers.Options(target: !noTarget, drivers: !noDrivers) }
        func say(_ text: String) { note(text, quiet: options.quiet) }

        /// The time taken, paths per second and peak memory on stderr (a spilled run simulates and
        /// summarises as it goes: its rate is over the whole run). A calibrated scenario's run also
        /// simulates its paths at the point estimate: that time is shown apart, inside the total.
        func timingLine(paths: Int, started: Date, simulated: Date?, pointEstimate: Double? = nil) {
            guard timing || !options.quiet else { return }
            let total = Date().timeIntervalSince(started)
            let simSeconds = simulated.map { $0.timeIntervalSince(started) } ?? total
            let rate = Double(paths) / max(simSeconds, 1e-9)
            let what = simulated == nil ? "simulated and summarised, spilled to disk" : "simulated"
            let point = pointEstimate.map { String(format: ", %.2f s the same paths at the point estimate", $0) } ?? ""
            let line = String(format: "timing: %d paths in %.2f s %@ (%.0f paths/s)%@, %.2f s total, peak memory %.1f MB, %d threads\n",
                              paths, simSeconds, what, rate, point, total, PeakMemory.megabytes(), options.threadCount)
            FileHandle.standardError.write(Data(line.utf8))
        }
    }
}
