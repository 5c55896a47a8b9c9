import Foundation

/// A comparison's folder, as `loansim compare` and the workbench write it: each scenario's run files in
/// `scenario-K/`, then `compare.json` and `compare.csv` (the paired differences against the first).
public enum CompareFolder {
    /// Writes the runs `results` of `loaded` (compiled as `models`, all on `seed` and `paths`) and their
    /// comparison over `metrics` into `directory`; returns the comparison. `ran(k)` follows each run's files.
    @discardableResult
    public static func write(loaded: [LoadedScenario], models: [CompiledScenario], results: [SimulationResult], paths: Int, seed: UInt32,
                             metrics: [String], into directory: String, ran: (Int) -> Void = { _ in }) throws -> Comparison {
        for (k, l) in loaded.enumerated() {
            let summary = RunSummary(info: RunInfo(loaded: l, paths: paths, seed: seed), model: models[k], result: results[k])
            try RunWriters.write(summary, outcomes: results[k].outcomes, scenario: l.scenario, to: "\(directory)/scenario-\(k)")
            ran(k)
        }
        let refs = loaded.map(StudyWriters.ScenarioRef.init)
        let c = try Comparison(names: loaded.map(\.scenario.name), outcomes: results.map(\.outcomes), metrics: metrics,
                               stepMonths: loaded[0].scenario.step.months)
        let generator = loaded[0].generatorName
        try AtomicFiles.write([
            ("compare.json", StudyWriters.compareJSON(c, scenarios: refs, seed: seed, paths: paths, generator: generator)),
            ("compare.csv", StudyWriters.compareCSV(c, scenarios: refs, seed: seed, paths: paths, generator: generator)),
        ], into: directory)
        return c
    }
}
