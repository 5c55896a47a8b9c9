import RiskModel

/// Per-step series kept for every path (as `Float`), step-major so each step's column is contiguous:
/// `values[(series × steps + step) × paths + path]`. Memory: 3 × steps × paths × 4 bytes.
public struct SeriesStore: Sendable {
    public static let names = ["pool_balance", "unpaid_claims", "outstanding"]
    public let steps: Int
    public let paths: Int
    public internal(set) var values: [Float]

    init(steps: Int, paths: Int) {
        self.steps = steps
        self.paths = paths
        values = [Float](repeating: 0, count: Self.names.count * steps * paths)
    }

    /// The values of `series` at `step` across all paths, in path order.
    public func column(series: Int, step: Int) -> ArraySlice<Float> {
        let start = (series * steps + step) * paths
        return values[start..<(start + paths)]
    }
}

/// Everything a run produced, in path order.
public struct SimulationResult: Sendable {
    public let outcomes: [PathOutcome]
    public let series: SeriesStore
}

/// Runs paths in fixed-size blocks. Block `k` holds paths `k·blockSize ..< (k+1)·blockSize` and seeds
/// its streams from (seed, k, purpose), so every path's numbers are the same whatever the thread count;
/// results are stored by path index.
public enum Simulation {
    /// Paths per block. Part of the numerical definition of a run: changing it changes the numbers.
    public static let blockSize = 256

    /// Runs `paths` paths on up to `threads` concurrent tasks. `progress` is called with the number of
    /// paths done, from one task at a time.
    public static func run(_ model: CompiledScenario, paths: Int, seed: UInt32, threads: Int,
                           progress: (@Sendable (Int) -> Void)? = nil) async -> SimulationResult {
        var outcomes = [PathOutcome](repeating: PathOutcome(), count: paths)
        var series = SeriesStore(steps: model.stepCount, paths: paths)
        await forEachBlock(model, blocks: 0..<blockCount(paths), paths: paths, seed: seed, threads: threads) { result, done in
            store(result, outcomes: &outcomes, series: &series)
            progress?(done)
        }
        return SimulationResult(outcomes: outcomes, series: series)
    }

    /// As `run`, showing each finished block to `watch` (its first path's index, its outcomes and the
    /// paths done so far, one block at a time, in completion order); once `watch` returns false no
    /// further block starts and the run returns nil (a superseded what-if). A run that finishes gives
    /// exactly `run`'s result.
    public static func runWatched(_ model: CompiledScenario, paths: Int, seed: UInt32, threads: Int,
                                  watch: (_ first: Int, _ outcomes: [PathOutcome], _ done: Int) -> Bool) async -> SimulationResult? {
        var outcomes = [PathOutcome](repeating: PathOutcome(), count: paths)
        var series = SeriesStore(steps: model.stepCount, paths: paths)
        var stopped = false
        await forEachBlockWhile(model, blocks: 0..<blockCount(paths), paths: paths, seed: seed, threads: threads) { result, done in
            store(result, outcomes: &outcomes, series: &series)
            if !watch(result.block * blockSize, result.outcomes, done) { stopped = true }
            return !stopped
        }
        return stopped ? nil : SimulationResult(outcomes: outcomes, series: series)
    }

    /// Runs blocks until the standard error of the mean of `metric` is at most `target`, or `maxPaths`
    /// paths have run. Paths grow in whole blocks, starting from `minPaths`, each round aiming at the
    /// count the current SE says is needed; the result is exactly the plain run with that many paths.
    public static func runToPrecision(_ model: CompiledScenario, seed: UInt32, threads: Int,
                                      metric: @escaping @Sendable (PathOutcome) -> Double, target: Double,
                                      minPaths: Int, maxPaths: Int,
                                      progress: (@Sendable (Int) -> Void)? = nil) async -> (SimulationResult, achievedSE: Double) {
        await runToPrecision(model, seed: seed, threads: threads, standardError: { SampleSummary.standardError($0.map(metric)) }, target: target,
                             minPaths: minPaths, maxPaths: maxPaths, progress: progress)
    }

    /// As above for any figure whose standard error `standardError` computes from the outcomes so far
    /// (a ratio of means: its delta-method se; infinite while it is not defined).
    public static func runToPrecision(_ model: CompiledScenario, seed: UInt32, threads: Int,
                                      standardError: ([PathOutcome]) -> Double, target: Double,
                                      minPaths: Int, maxPaths: Int,
                                      progress: (@Sendable (Int) -> Void)? = nil) async -> (SimulationResult, achievedSE: Double) {
        var blocks: [BlockResult] = []
        var paths = min(maxPaths, max(minPaths, blockSize))
        var se = Double.infinity
        while true {
            let have = blocks.reduce(0) { $0 + $1.outcomes.count }
            let range = blockCount(have)..<blockCount(paths)
            await forEachBlock(model, blocks: range, paths: paths, seed: seed, threads: threads) { result, _ in
                blocks.append(result)
            }
            blocks.sort { $0.block < $1.block }
            let sofar = blocks.flatMap(\.outcomes)
            se = standardError(sofar)
            progress?(sofar.count)
            if se <= target || paths >= maxPaths { break }
            let needed = Double(paths) * (se / target) * (se / target) * 1.05
            let next = min(maxPaths, blockCount(Int(needed.rounded(.up))) * blockSize)
            paths = max(next, paths + blockSize)
            paths = min(paths, maxPaths)
        }
        var outcomes = [PathOutcome](repeating: PathOutcome(), count: paths)
        var series = SeriesStore(steps: model.stepCount, paths: paths)
        for b in blocks { store(b, outcomes: &outcomes, series: &series) }
        return (SimulationResult(outcomes: outcomes, series: series), se)
    }

    /// The most paths a run may have (`--paths`, `--max-paths`, a scenario's `paths`, a shard header's).
    public static let maxPaths = 100_000_000

    public static func blockCount(_ paths: Int) -> Int { (paths + blockSize - 1) / blockSize }

    /// Runs `blocks` (of a run of `paths` paths) with at most `threads` in flight; `consume` gets each
    /// result and the number of paths done so far, one at a time, in completion order.
    static func forEachBlock(_ model: CompiledScenario, blocks: Range<Int>, paths: Int, seed: UInt32, threads: Int,
                             consume: (BlockResult, Int) -> Void) async {
        await forEachBlockWhile(model, blocks: blocks, paths: paths, seed: seed, threads: threads) { r, done in
            consume(r, done)
            return true
        }
    }

    /// As above; once `consume` returns false no further block is started.
    static func forEachBlockWhile(_ model: CompiledScenario, blocks: Range<Int>, paths: Int, seed: UInt32, threads: Int,
                                  consume: (BlockResult, Int) -> Bool) async {
        guard !blocks.isEmpty else { return }
        let width = max(1, threads)
        await withTaskGroup(of: BlockResult.self) { group in
            var nextBlock = blocks.lowerBound
            var done = 0
            func launch() {
                let k = nextBlock
                nextBlock += 1
                group.addTask {
                    runBlock(model, block: k, paths: min(blockSize, paths - k * blockSize), seed: seed)
                }
            }
            while nextBlock < min(blocks.lowerBound + width, blocks.upperBound) { launch() }
            for await result in group {
                done += result.outcomes.count
                if consume(result, done) && nextBlock < blocks.upperBound { launch() }
            }
        }
    }

    /// Runs blocks `blocks` of a run of `paths` paths; the results in block order.
    static func runBlocks(_ model: CompiledScenario, blocks: Range<Int>, paths: Int, seed: UInt32, threads: Int) async -> [BlockResult] {
        var results: [BlockResult] = []
        await forEachBlock(model, blocks: blocks, paths: paths, seed: seed, threads: threads) { r, _ in results.append(r) }
        return results.sorted { $0.block < $1.block }
    }

    /// A shard's blocks (`RunShard`): these blocks of a run of `paths` paths, and, when `pointModel` is
    /// given, the same blocks at the calibration's point estimate.
    public static func shard(_ model: CompiledScenario, pointModel: CompiledScenario?, blocks: Range<Int>, paths: Int, seed: UInt32,
                             threads: Int) async -> (blocks: [RunShard.Block], point: [RunShard.Block]) {
        func shardBlocks(_ r: [BlockResult]) -> [RunShard.Block] { r.map { RunShard.Block(block: $0.block, outcomes: $0.outcomes, series: $0.series) } }
        let main = await runBlocks(model, blocks: blocks, paths: paths, seed: seed, threads: threads)
        guard let pointModel else { return (shardBlocks(main), []) }
        return (shardBlocks(main), shardBlocks(await runBlocks(pointModel, blocks: blocks, paths: paths, seed: seed, threads: threads)))
    }

    /// Every block of a run of `paths` paths, in block order, as one result (as `run` returns it).
    static func assemble(_ blocks: [BlockResult], paths: Int, steps: Int) throws -> SimulationResult {
        let per = SeriesStore.names.count * steps
        guard blocks.map(\.block) == Array(0..<blockCount(paths)),
              blocks.allSatisfy({ $0.outcomes.count == min(blockSize, paths - $0.block * blockSize) && $0.series.count == per * $0.outcomes.count })
        else { throw OutputError(text: "the blocks do not make up a run of \(paths) paths", exitCode: 65) }
        var outcomes = [PathOutcome](repeating: PathOutcome(), count: paths)
        var series = SeriesStore(steps: steps, paths: paths)
        for b in blocks { store(b, outcomes: &outcomes, series: &series) }
        return SimulationResult(outcomes: outcomes, series: series)
    }

    /// Synchronous single-threaded run (tests, small runs); same numbers as `run`.
    public static func runSerial(_ model: CompiledScenario, paths: Int, seed: UInt32) -> SimulationResult {
        var outcomes = [PathOutcome](repeating: PathOutcome(), count: paths)
        var series = SeriesStore(steps: model.stepCount, paths: paths)
        let blocks = (paths + blockSize - 1) / blockSize
        for k in 0..<blocks {
            store(runBlock(model, block: k, paths: min(blockSize, paths - k * blockSize), seed: seed),
                  outcomes: &outcomes, series: &series)
        }
        return SimulationResult(outcomes: outcomes, series: series)
    }

    struct BlockResult: Sendable {
        let block: Int
        let outcomes: [PathOutcome]
        /// `[path][series][step]` for the block's paths.
        let series: [Float]
    }

    static func runBlock(_ model: CompiledScenario, block: Int, paths: Int, seed: UInt32) -> BlockResult {
        let purposes = StreamLayout.purposes(model)
        let first = block * blockSize
        let streams = RandomStreamSet(kind: model.scenario.generator, seeds: StreamLayout.seeds(purposes: purposes, master: seed, path: UInt32(first)))
        let per = PathEngine.seriesLength(model)
        var series = [Float](repeating: 0, count: per * paths)
        var outcomes: [PathOutcome] = []
        outcomes.reserveCapacity(paths)
        // The engine's sampler views hold no reference count: the model (and its samplers) lives for the whole block.
        withExtendedLifetime(model) {
            var engine = PathEngine(model: model)
            series.withUnsafeMutableBufferPointer { buf in
                for i in 0..<paths {
                    if i > 0 { streams.reseed(master: seed, index: UInt32(first + i), purposes: purposes) }
                    outcomes.append(engine.run(streams, series: buf.baseAddress! + i * per))
                }
            }
        }
        return BlockResult(block: block, outcomes: outcomes, series: series)
    }

    private static func store(_ r: BlockResult, outcomes: inout [PathOutcome], series: inout SeriesStore) {
        let first = r.block * blockSize
        let steps = series.steps, total = series.paths
        let count = SeriesStore.names.count
        for (i, o) in r.outcomes.enumerated() { outcomes[first + i] = o }
        series.values.withUnsafeMutableBufferPointer { dst in
            for i in 0..<r.outcomes.count {
                for s in 0..<count {
                    for t in 0..<steps {
                        dst[(s * steps + t) * total + first + i] = r.series[(i * count + s) * steps + t]
                    }
                }
            }
        }
    }
}
