import Foundation
import RiskModel

/// What importance sampling is aimed at: P(the pool is depleted), or a high quantile of a metric.
public enum ImportanceTarget: Sendable, Equatable, CustomStringConvertible {
    case depletion
    case quantile(metric: String, level: Double)

    /// `depletion`, or `METRIC:qNNN` such as `pool_paid:q999` (0.999) or `gross_loss:q99`.
    public init?(_ text: String) {
        if text == "depletion" { self = .depletion; return }
        let parts = text.split(separator: ":").map(String.init)
        guard parts.count == 2, MetricDefinition.all.contains(where: { $0.key == parts[0] }), parts[1].hasPrefix("q"),
              parts[1].count >= 3, let digits = Double("0." + parts[1].dropFirst()), digits > 0.5, digits < 1 else { return nil }
        self = .quantile(metric: parts[0], level: digits)
    }

    public var description: String {
        switch self {
        case .depletion: return "depletion"
        case let .quantile(metric, level): return "\(metric):q" + String(String(format: "%.6g", level).dropFirst(2))
        }
    }
}

/// A run's importance sampling: the shift, the target it was chosen for, and the pilot paths spent.
public struct ImportanceDesign: Sendable, Equatable {
    public let shift: ImportanceShift
    public let target: ImportanceTarget
    public let pilotPaths: Int

    public init(shift: ImportanceShift, target: ImportanceTarget, pilotPaths: Int) {
        (self.shift, self.target, self.pilotPaths) = (shift, target, pilotPaths)
    }

    /// A fixed shift `theta` along the scenario's direction (no pilot).
    public init(theta: Double, scenario: Scenario, target: ImportanceTarget) {
        self.init(shift: ImportanceShift(theta: theta, direction: ImportanceSampling.direction(scenario)), target: target, pilotPaths: 0)
    }
}

/// The target's estimate from an importance-sampled run and what the weights bought: the estimate
/// and its standard error, the tail probability behind it, and the variance-reduction factor (plain
/// sampling's variance of that tail probability over the weighted estimator's, at the same paths).
public struct ImportanceTargetResult: Sendable {
    public let target: ImportanceTarget
    public let estimate: Double
    public let se: Double
    public let tailProbability: Double
    public let varianceReduction: Double
    public let pilotPaths: Int
}

/// The run's shift and what its weights look like.
public struct ImportanceReport: Sendable {
    public let theta: Double
    public let direction: String
    /// Kish's effective sample size `(Σw)²/Σw²`, and the mean weight (1 in expectation).
    public let effectiveSize: Double
    public let meanWeight: Double

    init(_ design: ImportanceDesign, weights: PathWeights) {
        theta = design.shift.theta
        direction = "the macro factor's innovations, along the direction that lowers the horizon's summed factor fastest"
        let w = weights.weights ?? []
        let s2 = w.reduce(0) { $0 + $1 * $1 }
        effectiveSize = s2 > 0 ? weights.total * weights.total / s2 : Double(weights.count)
        meanWeight = weights.total / Double(max(1, weights.count))
    }
}

/// Chooses the shift for a target by pilot runs (a cross-entropy-style search), and reads the target
/// off the weighted run.
public enum ImportanceSampling {
    public static let pilotPaths = 2_048
    public static let rounds = 3

    /// The shift along `ImportanceShift.ar1Direction` that minimises the pilot's estimate of the
    /// target's second moment. Each round runs `pilotPaths` paths at the current shift on seeds of its
    /// own (never the run's); the event is the target's (depleted; metric ≥ its weighted quantile), or,
    /// while fewer than 10% of pilot paths reach it, the pilot's top 10% (so the next round moves into
    /// the tail). Deterministic in (scenario, seed, target), whatever the thread count.
    public static func chooseShift(_ scenario: Scenario, target: ImportanceTarget, seed: UInt32, threads: Int) async -> ImportanceDesign {
        let direction = direction(scenario)
        var theta = 0.0
        for round in 0..<rounds {
            let model = CompiledScenario(scenario, importance: ImportanceDesign(shift: ImportanceShift(theta: theta, direction: direction),
                                                                                target: target, pilotPaths: 0))
            let pilotSeed = StreamSeed.derive(master: seed, block: UInt32(round), purpose: StreamSeed.purpose("importance/pilot"))
            let outcomes = await Simulation.run(model, paths: pilotPaths, seed: pilotSeed, threads: threads).outcomes
            let hits = events(outcomes, target: target)
            guard let next = ImportanceShift.minimisingSecondMoment(scores: outcomes.map(\.importanceScore), hits: hits, pilotTheta: theta)
            else { break }
            theta = next
        }
        return ImportanceDesign(shift: ImportanceShift(theta: theta, direction: direction), target: target, pilotPaths: rounds * pilotPaths)
    }

    /// The shift's direction for the scenario's macro factor (one entry per step).
    static func direction(_ scenario: Scenario) -> [Double] {
        ImportanceShift.ar1Direction(phi: CompiledScenario(scenario).macro.phi, steps: scenario.horizonMonths / scenario.step.months)
    }

    static func value(_ o: PathOutcome, _ metric: String) -> Double {
        MetricDefinition.all.first { $0.key == metric }!.value(o)
    }

    /// The pilot's event: the target's, or its top 10% when the target's is rarer than that.
    static func events(_ outcomes: [PathOutcome], target: ImportanceTarget) -> [Bool] {
        switch target {
        case .depletion:
            return outcomes.map { $0.depletionStep >= 0 }
        case let .quantile(metric, level):
            let xs = outcomes.map { value($0, metric) }
            let q = WeightedSample(xs, weights: outcomes.map(\.weight)).quantile(level)
            let top = xs.sorted()[Int(0.9 * Double(xs.count))]
            let bar = min(q, top)
            return xs.map { $0 >= bar }
        }
    }

    /// The target read off a weighted run's table, with the variance-reduction factor.
    static func result(_ target: ImportanceTarget, table: OutcomeTable, pilotPaths: Int) -> ImportanceTargetResult {
        let w = PathWeights(table)
        let n = Double(table.count)
        switch target {
        case .depletion:
            let first = table.column("depletion_step")
            let p = w.proportion { first[$0] >= 0 }
            return ImportanceTargetResult(target: target, estimate: p.p, se: p.se, tailProbability: p.p,
                                          varianceReduction: p.p * (1 - p.p) / max(n * p.se * p.se, 1e-300), pilotPaths: pilotPaths)
        case let .quantile(metric, level):
            let xs = table.metric(metric)
            let sample = WeightedSample(xs, weights: w.weights ?? Array(repeating: 1, count: xs.count))
            let q = sample.quantile(level)
            let tail = w.proportion { xs[$0] > q }
            let plain = tail.p * (1 - tail.p) / n
            return ImportanceTargetResult(target: target, estimate: q, se: sample.quantileStandardError(level), tailProbability: tail.p,
                                          varianceReduction: plain / max(tail.se * tail.se, 1e-300), pilotPaths: pilotPaths)
        }
    }
}
