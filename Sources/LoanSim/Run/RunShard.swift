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

    /// The file format's line; a reader refuses any other (format 2 added the payload's checksum).
    static let magic = "LOANSIM SHARD 2"

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
    /// changed since. A file that is not a scenario is named, never quoted: a shard header can name any file.
    public static func scenario(of header: Header, shardFile: String, at path: String? = nil) throws -> LoadedScenario {
        let file = path ?? header.scenarioFile
        func refuse(_ why: String) -> ScenarioError {
            ScenarioError([ScenarioIssue(file: path == nil ? shardFile : file, line: path == nil ? 2 : 1, column: 1,
                                         keyPath: path == nil ? "scenario_file" : "", message: why,
                                         allowed: "the scenario whose SHA-256 the shards record, \(header.scenarioSha256) (give it with --scenario)")])
        }
        guard !file.isEmpty else { throw refuse("the shard names no scenario file") }
        var loaded: LoadedScenario
        do {
            loaded = try ScenarioLoader.load(path: file)
        } catch is ScenarioError {
            throw refuse("\(file) does not load as a scenario (check it with `loansim validate \(file)`)")
        }
        loaded.file = header.scenarioFile
        guard loaded.sha256 == header.scenarioSha256 else { throw refuse("the scenario \(file) (or a file it reads) changed since the shards were run") }
        return loaded
    }

    /// Blocks `[first, end)` of shard `k` (1-based) of `n` over a run of `paths` paths: contiguous, sizes within one.
    public static func blockRange(shard k: Int, of n: Int, paths: Int) -> Range<Int> {
        let b = Simulation.blockCount(paths)
        return (k - 1) * b / n ..< k * b / n
    }

    public var fileName: String { "shard-\(header.shard)-of-\(header.shards).bin" }

    /// The file: the format line, the header as one JSON line with the payload's size and SHA-256, then
    /// the payload (the header again and the blocks, in `BinaryCoder` form).
    public func encoded() throws -> Data {
        let payload = Data(try BinaryCoder.encode(self))
        let envelope = Envelope(run: header, payloadBytes: payload.count, payloadSha256: AtomicFiles.sha256(payload))
        let head = try JSONEncoder.sortedSnakeCase.encode(envelope)
        return Data((Self.magic + "\n").utf8) + head + Data("\n".utf8) + payload
    }

    /// The JSON line: the run's header and what the payload must be.
    struct Envelope: Codable {
        var run: Header
        var payloadBytes: Int
        var payloadSha256: String
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
    /// part once; their blocks cover the run; every figure a number where the engine gives one) and
    /// assembles them in block order.
    public static func merge(_ shards: [(path: String, shard: RunShard)], model: CompiledScenario) throws -> MergedRun {
        let steps = model.stepCount, columns = PathColumn.all(for: model)
        guard let first = shards.first else { throw OutputError(text: "merge needs at least one shard") }
        func refuse(_ path: String, _ why: String) -> ScenarioError {
            ScenarioError([ScenarioIssue(file: path, line: 1, column: 1, keyPath: "", message: why, allowed: "the shards of one run")])
        }
        var h = first.shard.header
        var seen: [Int: String] = [:]
        for (path, s) in shards {
            let o = s.header
            if let bad = o.outOfRange { throw refuse(path, "header field \(bad.field): \(bad.why) (allowed: \(bad.allowed))") }
            guard (o.scenarioFile, o.scenarioSha256, o.seed, o.paths) == (h.scenarioFile, h.scenarioSha256, h.seed, h.paths),
                  (o.shards, o.blockSize, o.pointEstimate) == (h.shards, h.blockSize, h.pointEstimate) else {
                throw refuse(path, "belongs to another run than \(first.path) (scenario \(o.scenarioFile) \(o.scenarioSha256.prefix(12)), "
                             + "seed \(o.seed), \(o.paths) paths, \(o.shards) shards)")
            }
            if let other = seen[o.shard] { throw refuse(path, "shard \(o.shard) of \(o.shards) is also \(other)") }
            seen[o.shard] = path
            if let why = s.blocksDisagree { throw refuse(path, why) }
            let perPath = SeriesStore.names.count * steps
            guard (s.blocks + s.pointBlocks).allSatisfy({ $0.series.count == perPath * $0.outcomes.count }) else {
                throw refuse(path, "its series are not the \(steps) steps of the scenario it names")
            }
            if let why = s.undefinedFigure(columns) { throw refuse(path, why) }
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
                               paths: Int, seed: UInt32, answers: RunAnswers = RunAnswers(),
                               to directory: String) throws -> RunSummary {
        // paths.csv depends only on the outcomes and the run's identity: it is formatted on another thread
        // while the statistics are computed (the same bytes, sooner).
        let info = RunInfo(loaded: loaded, paths: paths, seed: seed).weighting(model)
        let csv = Overlapped { [info, stepMonths = model.stepMonths] in RunWriters.pathsCSV(info, result.outcomes, stepMonths: stepMonths) }
        var summary = RunSummary(info: info, model: model, result: result)
        if let pointResult {
            summary.atPointEstimate = PointEstimateRun(RunSummary(info: RunInfo(loaded: loaded, paths: paths, seed: seed),
                                                                 model: CompiledScenario(loaded.scenario.atPointEstimate, importance: model.importance), result: pointResult))
        }
        summary.target = answers.target
        summary.drivers = answers.drivers
        try RunWriters.write(summary, pathsCSV: csv.value, scenario: loaded.scenario, to: directory)
        return summary
    }
}
