import Foundation
import LoanSimFiles
import RiskModel

/// What moves the headline answer, P(the pool runs dry by the target's year, else by the horizon), in
/// three kinds (docs/model-choices.md): Monte Carlo error (the run's standard error); parameter
/// uncertainty (the run at the posterior's 10%, 50% and 90% PD draws); and assumptions — a tornado over
/// every input the scenario file tags `[assumption] range: LOW..HIGH`, each set to both ends with all
/// else as given. Every run here is on the run's seed and the same `paths` (common random numbers), so
/// a change is the mean of paired per-path differences with its own standard error.
public struct DriversAnswer: Sendable {
    /// A run's estimate of the headline, and its change against the scenario as given (paired).
    public struct Paired: Sendable, Equatable {
        public let estimate: Double
        public let se: Double
        public let change: Double
        public let changeSe: Double
    }

    public struct Input: Sendable {
        public let range: AssumptionRange
        public let low: Paired
        public let high: Paired
        /// The larger of the two moves, in absolute value: the tornado's order.
        public var swing: Double { max(abs(low.change), abs(high.change)) }
    }

    /// The run at one posterior quantile of the (programme) PD: its draw's PD per calibrated cohort, the headline and P(dry) by year.
    public struct Quantile: Sendable {
        public let quantile: Double
        public let pd: [Double]
        public let headline: Paired
        public let byYear: [Double]
        public let byYearSe: [Double]
    }

    /// `depletion.monthN`: the headline figure.
    public let metric: String
    public let byMonth: Int
    public let paths: Int
    /// The run itself (all its paths): the headline with its Monte Carlo standard error.
    public let monteCarlo: Paired
    /// The scenario as given on these paths.
    public let base: Paired
    /// By swing, largest first.
    public let inputs: [Input]
    public let quantiles: [Quantile]
    /// With a whole-record posterior: the answer under it and under the counts' posterior alone.
    public var posteriors: Posteriors? = nil
}

public enum Drivers {
    /// Paths per evaluation (at most the run's): paired differences on common random numbers are tight at this size.
    public static let pathsPerEvaluation = 2000
    public static let posteriorQuantiles = [0.1, 0.5, 0.9]

    /// The drivers of the scenario file at `path` (nil when it tags no range and draws no parameters).
    public static func answer(path: String, loaded: LoadedScenario, result: SimulationResult, seed: UInt32, threads: Int) async throws -> DriversAnswer? {
        try await answer(path: path, loaded: loaded, depletionSteps: result.outcomes.map { Double($0.depletionStep) }, seed: seed, threads: threads)
    }

    /// The same from the run's per-path depletion steps (−1: never; a spilled run's column).
    /// `ranges`: the file's documented ranges when the caller has read them already.
    public static func answer(path: String, loaded: LoadedScenario, depletionSteps: [Double], seed: UInt32, threads: Int,
                              ranges known: [AssumptionRange]? = nil) async throws -> DriversAnswer? {
        let runPaths = depletionSteps.count
        let s = loaded.scenario
        let ranges = try known ?? AssumptionRanges.read(path: path)
        guard !ranges.isEmpty || s.drawsParameters else { return nil }
        let byMonth = s.target?.byMonth ?? s.horizonMonths
        let selector = try MetricSelector("depletion.month\(byMonth)", stepMonths: s.step.months)
        let n = min(runPaths, pathsPerEvaluation)
        func run(_ scenario: Scenario) async -> [Double] {
            await Simulation.run(CompiledScenario(scenario), paths: n, seed: seed, threads: threads).outcomes.map(selector.value)
        }
        let baseOutcomes = await Simulation.run(CompiledScenario(s), paths: n, seed: seed, threads: threads).outcomes
        let base = baseOutcomes.map(selector.value)
        func paired(_ xs: [Double]) -> DriversAnswer.Paired {
            let d = zip(xs, base).map { $0 - $1 }
            return .init(estimate: mean(xs), se: SampleSummary.standardError(xs), change: mean(d), changeSe: SampleSummary.standardError(d))
        }
        var inputs: [DriversAnswer.Input] = []
        for r in ranges {
            let low = paired(await run(try scenario(path, r, r.low))), high = paired(await run(try scenario(path, r, r.high)))
            inputs.append(.init(range: r, low: low, high: high))
        }
        var quantiles: [DriversAnswer.Quantile] = []
        if let c = s.calibration, s.drawsParameters {
            let order = c.pdDraws[0].indices.sorted { c.pdDraws[0][$0] < c.pdDraws[0][$1] }
            for q in posteriorQuantiles {
                let j = order[min(order.count - 1, Int((q * Double(order.count)).rounded(.down)))]
                let outcomes = await Simulation.run(CompiledScenario(s.atDraw(j)), paths: n, seed: seed, threads: threads).outcomes
                let byYear = depletedByYear(outcomes, s)
                quantiles.append(.init(quantile: q, pd: c.pdDraws.map { $0[j] }, headline: paired(outcomes.map(selector.value)),
                                       byYear: byYear.p, byYearSe: byYear.se))
            }
        }
        var posteriors: DriversAnswer.Posteriors?
        if let other = s.withCountOnlyPosterior {
            let outcomes = await Simulation.run(CompiledScenario(other), paths: n, seed: seed, threads: threads).outcomes
            posteriors = .init(s, wholeRecord: baseOutcomes, countOnly: outcomes, headline: paired(outcomes.map(selector.value)))
        }
        let all = depleted(depletionSteps, byMonth: byMonth, stepMonths: s.step.months)
        let mc = DriversAnswer.Paired(estimate: all.estimate, se: all.se, change: 0, changeSe: 0)
        return DriversAnswer(metric: selector.key, byMonth: byMonth, paths: n, monteCarlo: mc, base: paired(base),
                             inputs: inputs.sorted { $0.swing > $1.swing }, quantiles: quantiles, posteriors: posteriors)
    }

    /// The scenario with the range's key at one end; an end the key does not allow is refused at the tag's line.
    static func scenario(_ path: String, _ r: AssumptionRange, _ end: String) throws -> Scenario {
        do {
            return try ScenarioLoader.load(path: path, overrides: [ScenarioOverride(keyPath: r.keyPath, value: end)]).scenario
        } catch let e as ScenarioError {
            throw ScenarioError([ScenarioIssue(file: r.file, line: r.line, column: 1, keyPath: r.keyPath,
                                               message: "the range's end \(end) is refused: \(e.issues.first?.message ?? "\(e)")",
                                               allowed: e.issues.first?.allowed ?? "ends the key itself accepts")])
        }
    }

    /// Refuses, before any path runs, a range whose end its key does not accept (each end loaded once).
    public static func checkRanges(path: String) throws {
        for r in try AssumptionRanges.read(path: path) {
            _ = try scenario(path, r, r.low)
            _ = try scenario(path, r, r.high)
        }
    }

    static func mean(_ xs: [Double]) -> Double { xs.isEmpty ? .nan : xs.reduce(0, +) / Double(xs.count) }

    /// P(depleted by the end of each of the scenario's years) over outcomes, and the standard errors.
    static func depletedByYear(_ outcomes: [PathOutcome], _ s: Scenario) -> (p: [Double], se: [Double]) {
        let years = BudgetYears(start: s.start, stepMonths: s.step.months, stepCount: s.horizonMonths / s.step.months)
        let columns = years.lastStep.map { last in outcomes.map { $0.depletionStep >= 0 && $0.depletionStep <= last ? 1.0 : 0 } }
        return (columns.map(mean), columns.map(SampleSummary.standardError))
    }

    /// P(depleted by the end of month `byMonth`) over a run's per-path depletion steps, and its standard error.
    public static func depleted(_ steps: [Double], byMonth: Int, stepMonths: Int) -> (estimate: Double, se: Double) {
        let last = Double(byMonth / stepMonths - 1)
        let xs = steps.map { $0 >= 0 && $0 <= last ? 1.0 : 0 }
        return (mean(xs), SampleSummary.standardError(xs))
    }
}

extension Scenario {
    /// The scenario with every path at posterior draw `j` (its PD per calibrated cohort and its ρ).
    public func atDraw(_ j: Int) -> Scenario {
        guard let c = calibration else { return atPointEstimate }
        return atParameters(pd: c.pdDraws.map { $0[j] }, rho: c.rhoDraws[j])
    }

    /// The scenario with every path at one parameter value: `pd[k]` for the calibration's mapped cohort k
    /// (its scale applied), and ρ.
    func atParameters(pd: [Double], rho: Double) -> Scenario {
        var s = atPointEstimate
        for (k, m) in (calibration?.cohorts ?? []).enumerated() {
            s.cohorts[m.cohort].pd = pd[k]
            s.cohorts[m.cohort].macroLoading = rho.squareRoot()
        }
        return s
    }
}
