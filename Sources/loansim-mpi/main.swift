import ArgumentParser
import CMPI
import Foundation
import LoanSim
import RiskModel

/// `mpirun -n N loansim-mpi run SCENARIO …`: the run's path blocks split over N ranks as `run --shard
/// K/N` splits them (rank r runs shard r + 1), each rank's outcomes sent to rank 0, which merges them
/// in block order and writes the same files, byte for byte, as `loansim run` with that scenario, seed
/// and paths on one machine (docs/model.md §4; `RunShard`).
@main
struct LoanSimMPI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loansim-mpi",
        abstract: "LoanSim over MPI ranks: the output of `loansim run`, byte for byte, from the ranks' path blocks.",
        subcommands: [Run.self])

    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run a scenario over the MPI ranks; rank 0 writes the results.")

        @Argument(help: "Scenario YAML file (every rank reads it).")
        var scenario: String

        @Option(help: "Number of paths (default: the scenario's).")
        var paths: Int?

        @Option(help: "Master seed (default: the scenario's).")
        var seed: UInt32?

        @Option(help: "Threads per rank.")
        var threads = 1

        @Option(help: "Output directory (default: out/<scenario file name>).")
        var out: String?

        @Flag(help: "Print only the summary.")
        var quiet = false

        func validate() throws {
            if let paths, paths < 1 || paths > 100_000_000 { throw ValidationError("--paths must be between 1 and 100000000 (got \(paths))") }
            if threads < 1 || threads > 1024 { throw ValidationError("--threads must be between 1 and 1024 (got \(threads))") }
        }

        func run() async throws {
            let mpi = MPIWorld()
            defer { mpi.finish() }
            gslStartUp()
            do {
                let loaded = try ScenarioLoader.load(path: scenario)
                let paths = self.paths ?? loaded.scenario.paths
                let seed = self.seed ?? loaded.scenario.seed
                let model = CompiledScenario(loaded.scenario)
                let started = Date()
                let mine = await RunShard.run(mpi.rank + 1, of: mpi.size, loaded: loaded, model: model, paths: paths, seed: seed, threads: threads)
                guard mpi.rank == 0 else {
                    mpi.send(try BinaryCoder.encode(mine), to: 0)
                    return
                }
                var shards = [(path: "rank 0", shard: mine)]
                for r in 1..<mpi.size {
                    shards.append(("rank \(r)", try BinaryCoder.decode(RunShard.self, from: mpi.receive(from: r))))
                }
                let simulated = Date()
                let merged = try RunShard.merge(shards, model: model)
                let directory = out ?? "out/" + ((scenario as NSString).lastPathComponent as NSString).deletingPathExtension
                // The scenario's target and drivers, as `run` computes them (rank 0, on its threads).
                let answers = try await RunAnswers.compute(loaded, model: model, depletionSteps: merged.result.outcomes.map { Double($0.depletionStep) },
                                                           seed: seed, threads: threads)
                let summary = try RunSummary.written(loaded: loaded, model: model, result: merged.result, pointResult: merged.pointResult,
                                                     paths: paths, seed: seed, answers: answers, to: directory)
                print(SummaryTable.render(summary, outDirectory: directory), terminator: "")
                if !quiet {
                    let line = String(format: "timing: %d paths over %d ranks × %d threads in %.2f s (%.0f paths/s)\n", paths, mpi.size, threads,
                                      simulated.timeIntervalSince(started), Double(paths) / max(simulated.timeIntervalSince(started), 1e-9))
                    FileHandle.standardError.write(Data(line.utf8))
                }
            } catch let e as ScenarioError {
                if mpi.rank == 0 { FileHandle.standardError.write(Data((e.description + "\n").utf8)) }
                throw ExitCode(65)
            } catch let e as OutputError {
                if mpi.rank == 0 { FileHandle.standardError.write(Data("loansim-mpi: error: \(e.text)\n".utf8)) }
                throw ExitCode(e.exitCode)
            }
        }
    }
}

/// The MPI world of this process: initialised once, finalised once; messages between ranks as byte
/// arrays (a length, then chunks of at most 1 GiB, under MPI's 32-bit counts).
final class MPIWorld {
    let rank: Int
    let size: Int
    static let chunk = 1 << 30

    init() {
        var provided: Int32 = 0
        MPI_Init_thread(nil, nil, Int32(MPI_THREAD_FUNNELED), &provided)
        var r: Int32 = 0, s: Int32 = 0
        MPI_Comm_rank(loansim_mpi_world(), &r)
        MPI_Comm_size(loansim_mpi_world(), &s)
        rank = Int(r)
        size = Int(s)
    }

    func finish() { MPI_Finalize() }

    func send(_ bytes: [UInt8], to dest: Int) {
        var n = Int64(bytes.count)
        MPI_Send(&n, 1, loansim_mpi_int64(), Int32(dest), 1, loansim_mpi_world())
        bytes.withUnsafeBytes { buf in
            var offset = 0
            while offset < bytes.count {
                let len = min(Self.chunk, bytes.count - offset)
                MPI_Send(buf.baseAddress! + offset, Int32(len), loansim_mpi_byte(), Int32(dest), 2, loansim_mpi_world())
                offset += len
            }
        }
    }

    func receive(from source: Int) -> [UInt8] {
        var n: Int64 = 0
        MPI_Recv(&n, 1, loansim_mpi_int64(), Int32(source), 1, loansim_mpi_world(), loansim_mpi_status_ignore())
        var bytes = [UInt8](repeating: 0, count: Int(n))
        bytes.withUnsafeMutableBytes { buf in
            var offset = 0
            while offset < Int(n) {
                let len = min(Self.chunk, Int(n) - offset)
                MPI_Recv(buf.baseAddress! + offset, Int32(len), loansim_mpi_byte(), Int32(source), 2, loansim_mpi_world(), loansim_mpi_status_ignore())
                offset += len
            }
        }
        return bytes
    }
}
