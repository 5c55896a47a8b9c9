import ArgumentParser
import Foundation
import LoanSim
import RiskModel

/// What `run` does after simulating, shared with `merge` and the MPI ranks' rank 0: the summary (and
/// the point-estimate comparison), the result files, the table on stdout and the report if asked.
enum RunShards {
    static func finish(loaded: LoadedScenario, model: CompiledScenario, result: SimulationResult, pointResult: SimulationResult?,
                       paths: Int, seed: UInt32, answers: RunAnswers = RunAnswers(), directory: String,
                       reportOptions: ReportOptions, progress: Progress?) throws {
        let summary = try RunSummary.written(loaded: loaded, model: model, result: result, pointResult: pointResult, paths: paths, seed: seed,
                                             answers: answers, to: directory)
        try present(summary, directory: directory, reportOptions: reportOptions, progress: progress)
    }

    /// The summary table on stdout and the report if asked, once the files are written.
    static func present(_ summary: RunSummary, directory: String, reportOptions: ReportOptions, progress: Progress?) throws {
        progress?.done()
        print(reportOptions.detail ? SummaryTable.render(summary, outDirectory: directory) : SummaryTable.answer(summary, outDirectory: directory),
              terminator: "")
        if let report = try reportOptions.write(for: directory) { print("wrote \(report)") }
        fflush(nil)
    }

    static func write(shard k: Int, of n: Int, loaded: LoadedScenario, model: CompiledScenario, paths: Int, seed: UInt32, threads: Int,
                      directory: String) async throws {
        let s = await RunShard.run(k, of: n, loaded: loaded, model: model, paths: paths, seed: seed, threads: threads)
        try AtomicFiles.write(data: [(s.fileName, try s.encoded())], into: directory)
        let b = s.header.blocks
        print("wrote \((directory as NSString).appendingPathComponent(s.fileName)): blocks \(b[0])..<\(b[1]) of \(Simulation.blockCount(paths)), "
              + "\(s.blocks.reduce(0) { $0 + $1.outcomes.count }) of \(paths) paths; join all \(n) with `loansim merge`")
    }

    /// Merges shards (read from files or received by MPI) and finishes the run as `run` would.
    static func merge(_ shards: [(path: String, shard: RunShard)], scenario: String?, directory: String?, reportOptions: ReportOptions) async throws {
        guard let (firstPath, firstShard) = shards.first else { throw ValidationError("merge needs the shard files") }
        let first = firstShard.header
        let loaded = try RunShard.scenario(of: first, shardFile: firstPath, at: scenario)
        let model = CompiledScenario(loaded.scenario)
        let merged = try RunShard.merge(shards, model: model)
        let out = directory ?? "out/" + ((first.scenarioFile as NSString).lastPathComponent as NSString).deletingPathExtension
        try FolderClaim.claim(out)
        // The scenario's target and drivers, as one run computes them: the merged files are the run's, byte for byte.
        let answers = try await RunAnswers.compute(loaded, model: model, depletionSteps: merged.result.outcomes.map { Double($0.depletionStep) },
                                                   seed: merged.header.seed, threads: ProcessInfo.processInfo.activeProcessorCount)
        try finish(loaded: loaded, model: model, result: merged.result, pointResult: merged.pointResult, paths: merged.header.paths,
                   seed: merged.header.seed, answers: answers, directory: out, reportOptions: reportOptions, progress: nil)
    }
}

extension LoanSimCommand {
    struct Merge: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Join the shards of a run (run --shard K/N) into the run's result: the same files, byte for byte, as one process.")

        @Argument(help: "The N shard files (shard-K-of-N.bin), in any order.")
        var shards: [String]

        @Option(help: "Output directory (default: out/<scenario file name>).")
        var out: String?

        @Option(help: "Where the scenario file is, if not at the path the shards name (relative to where they ran); its SHA-256 must match.")
        var scenario: String?

        @OptionGroup var reportOptions: ReportOptions

        func run() async throws {
            try await withExitCodes {
                gslStartUp()
                let read = try shards.map { ($0, try RunShard.read(path: $0)) }
                try await RunShards.merge(read, scenario: scenario, directory: out, reportOptions: reportOptions)
            }
        }
    }
}
