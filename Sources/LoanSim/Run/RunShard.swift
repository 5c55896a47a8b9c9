import Foundation

/// A part of a run: whole path blocks with their outcomes and series (`run --shard K/N`, the MPI
/// ranks), merged by `RunShard.merge` into exactly the result a single process gives with the same
/// scenario, seed and paths. On disk: a line `LOANSIM SHARD 1`, the header as one JSON line (readable
/// with `head -2`), then the blocks in `BinaryCoder` form.
public struct RunShard: Codable, Sendable {
    public struct Header: Codable, Equatable, Sendable {
        public var version: String
        public var scenarioFile: String
        public var scenarioSha256: String
        public var seed: UInt32
        public var paths: Int
        public var blockSize: Int
        /// This shard, 1 to `shards`, and its blocks `[first, end)`.
        public var shard: Int
        public var shards: Int
        public var blocks: [Int]
        /// Whether the blocks were also run at the calibration's point estimate.
        public var pointEstimate: Bool

        public init(version: String, scenarioFile: String, scenarioSha256: String, seed: UInt32, paths: Int, blockSize: Int, shard: Int,
                    shards: Int, blocks: [Int], pointEstimate: Bool) {
            (self.version, self.scenarioFile, self.scenarioSha256, self.seed, self.paths) = (version, scenarioFile, scenarioSha256, seed, paths)
            (self.blockSize, self.shard, self.shards, self.blocks, self.pointEstimate) = (blockSize, shard, shards, blocks, pointEstimate)
        }
    }

    public struct Block: Codable, Sendable {
        public var block: Int
        public var outcomes: [PathOutcome]
        public var series: [Float]
    }

    public var header: Header
    public var blocks: [Block]
    /// The same blocks at the calibration's point estimate (empty without parameter uncertainty).
    public var pointBlocks: [Block]

    static let magic = "LOANSIM SHARD 1"

    public init(header: Header, blocks: [Block], pointBlocks: [Block]) {
        (self.header, self.blocks, self.pointBlocks) = (header, blocks, pointBlocks)
    }

    /// Shard `k` of `n` of a run: its blocks, and their point-estimate twins when the scenario draws its
    /// parameters.
    public static func run(_ k: Int, of n: Int, loaded: LoadedScenario, model: CompiledScenario, paths: Int, seed: UInt32,
                           threads: Int) async -> RunShard {
        let range = blockRange(shard: k, of: n, paths: paths)
        let point = loaded.scenario.drawsParameters ? CompiledScenario(loaded.scenario.atPointEstimate) : nil
        let (blocks, pointBlocks) = await Simulation.shard(model, pointModel: point, blocks: range, paths: paths, seed: seed, threads: threads)
        let header = Header(version: LoanSimVersion.string, scenarioFile: loaded.file, scenarioSha256: loaded.sha256, seed: seed, paths: paths,
                            blockSize: Simulation.blockSize, shard: k, shards: n, blocks: range.boundsArray, pointEstimate: point != nil)
        return RunShard(header: header, blocks: blocks, pointBlocks: pointBlocks)
    }

    /// The scenario the shards were run on, read again from its file (or from `path`, when the merge runs
    /// where that name does not reach it; outputs still name the file as the shards do); refused if it
    /// changed since.
    public static func scenario(of header: Header, at path: String? = nil) throws -> LoadedScenario {
        var loaded = try ScenarioLoader.load(path: path ?? header.scenarioFile)
        loaded.file = header.scenarioFile
        guard loaded.sha256 == header.scenarioSha256 else {
            throw ScenarioError([ScenarioIssue(file: path ?? header.scenarioFile, line: 1, column: 1, keyPath: "",
                                               message: "the scenario (or a file it reads) changed since the shards were run",
                                               allowed: "the scenario whose SHA-256 the shards record, \(header.scenarioSha256)")])
        }
        return loaded
    }

    /// Blocks `[first, end)` of shard `k` (1-based) of `n` over a run of `paths` paths: contiguous, sizes within one.
    public static func blockRange(shard k: Int, of n: Int, paths: Int) -> Range<Int> {
        let b = Simulation.blockCount(paths)
        return (k - 1) * b / n ..< k * b / n
    }

    public var fileName: String { "shard-\(header.shard)-of-\(header.shards).bin" }

    public func encoded() throws -> Data {
        let head = try JSONEncoder.sortedSnakeCase.encode(header)
        return Data((Self.magic + "\n").utf8) + head + Data("\n".utf8) + Data(try BinaryCoder.encode(self))
    }

    /// Reads a shard file; anything else, or a damaged one, is refused naming the file.
    public static func read(path: String) throws -> RunShard {
        func refuse(_ why: String) -> ScenarioError {
            ScenarioError([ScenarioIssue(file: path, line: 1, column: 1, keyPath: "", message: why,
                                         allowed: "a shard written by `loansim run --shard K/N` (same LoanSim version)")])
        }
        guard let data = FileManager.default.contents(atPath: path) else { throw refuse("cannot read the file") }
        let bytes = [UInt8](data)
        let lines = bytes.split(separator: 10, maxSplits: 2, omittingEmptySubsequences: false)
        guard lines.count == 3, String(decoding: lines[0], as: UTF8.self) == magic else { throw refuse("not a LoanSim shard") }
        let header: Header
        do { header = try JSONDecoder.snakeCase.decode(Header.self, from: Data(lines[1])) } catch { throw refuse("its header is damaged") }
        guard header.version == LoanSimVersion.string else {
            throw refuse("written by loansim \(header.version), this is \(LoanSimVersion.string): run the shards again with this version")
        }
        do {
            let shard = try BinaryCoder.decode(RunShard.self, from: Array(lines[2]))
            guard shard.header == header else { throw refuse("its two headers differ") }
            return shard
        } catch let e as BinaryCoderError {
            throw refuse("its data is damaged: \(e.description)")
        }
    }
}

/// What merging shards gives: the run's header and its results, as `Simulation.run` returns them.
public struct MergedRun: Sendable {
    public let header: RunShard.Header
    public let result: SimulationResult
    public let pointResult: SimulationResult?
}

extension RunShard {
    /// Checks that `shards` are the N parts of one run (same version, scenario, seed, paths and N; each
    /// part once; their blocks cover the run) and assembles them in block order.
    public static func merge(_ shards: [(path: String, shard: RunShard)], steps: Int) throws -> MergedRun {
        guard let first = shards.first else { throw OutputError(text: "merge needs at least one shard") }
        func refuse(_ path: String, _ why: String) -> ScenarioError {
            ScenarioError([ScenarioIssue(file: path, line: 1, column: 1, keyPath: "", message: why, allowed: "the shards of one run")])
        }
        var h = first.shard.header
        var seen: [Int: String] = [:]
        for (path, s) in shards {
            let o = s.header
            guard (o.scenarioFile, o.scenarioSha256, o.seed, o.paths) == (h.scenarioFile, h.scenarioSha256, h.seed, h.paths),
                  (o.shards, o.blockSize, o.pointEstimate) == (h.shards, h.blockSize, h.pointEstimate) else {
                throw refuse(path, "belongs to another run than \(first.path) (scenario \(o.scenarioFile) \(o.scenarioSha256.prefix(12)), "
                             + "seed \(o.seed), \(o.paths) paths, \(o.shards) shards)")
            }
            if let other = seen[o.shard] { throw refuse(path, "shard \(o.shard) of \(o.shards) is also \(other)") }
            seen[o.shard] = path
            guard o.blocks == blockRange(shard: o.shard, of: o.shards, paths: o.paths).boundsArray,
                  s.blocks.map(\.block) == Array(blockRange(shard: o.shard, of: o.shards, paths: o.paths)),
                  !o.pointEstimate || s.pointBlocks.map(\.block) == s.blocks.map(\.block) else {
                throw refuse(path, "its blocks do not match shard \(o.shard) of \(o.shards)")
            }
        }
        let missing = (1...h.shards).filter { seen[$0] == nil }
        guard missing.isEmpty else {
            throw refuse(first.path, "shards \(missing.map(String.init).joined(separator: ", ")) of \(h.shards) are missing")
        }
        h.shard = 0
        h.blocks = [0, Simulation.blockCount(h.paths)]
        let ordered = shards.map(\.shard).sorted { $0.header.shard < $1.header.shard }
        func assemble(_ blocks: [Block]) throws -> SimulationResult {
            let results = blocks.map { Simulation.BlockResult(block: $0.block, outcomes: $0.outcomes, series: $0.series) }
            return try Simulation.assemble(results, paths: h.paths, steps: steps)
        }
        return MergedRun(header: h, result: try assemble(ordered.flatMap(\.blocks)),
                         pointResult: h.pointEstimate ? try assemble(ordered.flatMap(\.pointBlocks)) : nil)
    }
}

extension Range where Bound == Int {
    var boundsArray: [Int] { [lowerBound, upperBound] }
}

extension JSONEncoder {
    static var sortedSnakeCase: JSONEncoder {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.outputFormatting = [.sortedKeys]
        return e
    }
}

extension JSONDecoder {
    static var snakeCase: JSONDecoder {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return d
    }
}

extension RunSummary {
    /// A run's summary, with its point-estimate twin's when the scenario draws its parameters, written
    /// into `directory` as `run` writes it (shared by `run`, `merge` and `loansim-mpi`).
    public static func written(loaded: LoadedScenario, model: CompiledScenario, result: SimulationResult, pointResult: SimulationResult?,
                               paths: Int, seed: UInt32, to directory: String) throws -> RunSummary {
        // paths.csv depends only on the outcomes and the run's identity: it is formatted on another thread
        // while the statistics are computed (the same bytes, sooner).
        let info = RunInfo(loaded: loaded, paths: paths, seed: seed).weighting(model)
        let csv = Overlapped { [info, stepMonths = model.stepMonths] in RunWriters.pathsCSV(info, result.outcomes, stepMonths: stepMonths) }
        var summary = RunSummary(info: info, model: model, result: result)
        if let pointResult {
            summary.atPointEstimate = PointEstimateRun(RunSummary(info: RunInfo(loaded: loaded, paths: paths, seed: seed),
                                                                 model: CompiledScenario(loaded.scenario.atPointEstimate, importance: model.importance), result: pointResult))
        }
        try RunWriters.write(summary, pathsCSV: csv.value, scenario: loaded.scenario, to: directory)
        return summary
    }
}
