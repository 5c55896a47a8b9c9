import Foundation

/// What a scenario asks of a run beside its figures: the top-up that meets its `target:` and what drives
/// the headline answer (`TargetSearch`, `Drivers`). Computed the same way whether the run was held in
/// memory, spilled to disk, merged from shards or gathered by MPI ranks — from the run's per-path
/// depletion steps and fresh runs on its seed — so every way of running gives the same `summary.json`.
/// An importance-sampled run's paths are weighted: neither is computed there.
public struct RunAnswers: Sendable {
    public var target: TargetAnswer?
    public var drivers: DriversAnswer?
    public init(target: TargetAnswer? = nil, drivers: DriversAnswer? = nil) { (self.target, self.drivers) = (target, drivers) }

    /// Which to compute: both by default; `run --no-target`, `--no-drivers` leave one out.
    public struct Options: Sendable {
        public var target = true
        public var drivers = true
        public init(target: Bool = true, drivers: Bool = true) { (self.target, self.drivers) = (target, drivers) }
    }

    public static func compute(_ loaded: LoadedScenario, model: CompiledScenario, depletionSteps: @autoclosure () -> [Double], seed: UInt32,
                               threads: Int, options: Options = Options(), note: (String) -> Void = { _ in }) async throws -> RunAnswers {
        let s = loaded.scenario
        guard model.importance == nil else {
            if s.target != nil && options.target {
                note("the scenario's target is not searched on an importance-sampled run (its paths are weighted): run it without --importance")
            }
            return RunAnswers()
        }
        let wantsTarget = options.target && s.target != nil
        let ranges = options.drivers ? try AssumptionRanges.read(path: loaded.file) : []
        let wantsDrivers = options.drivers && (s.drawsParameters || !ranges.isEmpty)
        guard wantsTarget || wantsDrivers else { return RunAnswers() }
        let steps = depletionSteps()
        var answers = RunAnswers()
        if wantsTarget {
            note("searching the smallest top-up that meets the scenario's target, on the same \(steps.count) paths…")
            answers.target = try await TargetSearch.answer(s, depletionSteps: steps, paths: steps.count, seed: seed, threads: threads)
        }
        if wantsDrivers {
            note("moving each documented assumption over its range on common random numbers…")
            answers.drivers = try await Drivers.answer(path: loaded.file, loaded: loaded, depletionSteps: steps, seed: seed, threads: threads,
                                                       ranges: ranges)
        }
        return answers
    }
}
