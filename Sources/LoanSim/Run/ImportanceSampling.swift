import Foundation
import LoanSimFiles
import RiskModel

/// What importance sampling is aimed at: P(the pool is depleted), or a high quantile of a metric.
public enum ImportanceTarget: Sendable, Equatable, CustomStringConvertible {
    case depletion
    case quantile(metric: Figure, level: Double)

    /// `depletion`, or `METRIC:qNNN` such as `pool_paid:q999` (0.999) or `gross_loss:q99`.
    public init?(_ text: String) {
        if text == "depletion" { self = .depletion; return }
        let parts = text.split(separator: ":").map(String.init)
        guard parts.count == 2, let figure = Figure(rawValue: parts[0]), parts[1].hasPrefix("q"),
              parts[1].count >= 3, let digits = Double("0." + parts[1].dropFirst()), digits > 0.5, digits < 1 else { return nil }
        self = .quantile(metric: figure, level: digits)
    }

    public var description: String {
        switch self {
        case .depletion: return "depletion"
        case let .quantile(metric, level): return "\(metric.key):q" + String(String(format: "%.6g", level).dropFirst(2))
        }
    }
}

/// A run's importance sampling: the shift, the target it was chosen for, and the pilot paths spent.
public struct ImportanceDesign: Sendable, Equatable {
    public let shift: ImportanceShift
    public let target: ImportanceTarget
    public let pilotPaths: Int
    /// With parameter uncertainty: the tilt of the posterior draw's index towards riskier draws (nil: uniform).
    public let drawTilt: TiltedIndex?
    /// Pilot runs keep each path's innovations (`PathOutcome.macroInnovations`).
    public let recordInnovations: Bool
    /// The share of paths drawn from the plain law (defensive mixture: every weight at most 1/share);
    /// 0 without a shift or tilt, whose paths are the plain run's.
    public let plainShare: Double
    /// The defence's share: a tenth of the paths (Hesterberg's range is 0.1–0.2) costs a well-sized shift
    /// about a ninth more variance on its target, and keeps the body of the law sampled however far the
    /// shift goes (docs/model-choices.md § Importance sampling).
    public static let defensiveShare = 0.1

    public init(shift: ImportanceShift, target: ImportanceTarget, pilotPaths: Int, drawTilt: TiltedIndex? = nil, recordInnovations: Bool = false,
                plainShare: Double = ImportanceDesign.defensiveShare) {
        (self.shift, self.target, self.pilotPaths, self.drawTilt, self.recordInnovations) = (shift, target, pilotPaths, drawTilt, recordInnovations)
        self.plainShare = shift.theta > 0 || drawTilt != nil ? plainShare : 0
    }

    /// A path's weight from its score `s = Σ d_t η_t` and its posterior draw's weight under the tilt
    /// (`drawWeight`, 1 without one): the plain law over the mixture of plain and shifted laws.
    @inlinable public func weight(score s: Double, drawWeight: Double) -> Double {
        guard plainShare > 0 else { return shift.weight(score: s) * drawWeight }
        let qp = exp(shift.theta * s - 0.5 * shift.theta * shift.theta) / drawWeight
        return ImportanceShift.defensiveWeight(shiftedOverPlain: qp, plainShare: plainShare)
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
    /// The posterior draw's tilt λ (0: uniform draws).
    public let drawTilt: Double
    public let direction: String
    /// Kish's effective sample size `(Σw)²/Σw²`, and the mean weight (1 in expectation).
    public let effectiveSize: Double
    public let meanWeight: Double
    /// The share of paths drawn from the plain law (the defensive mixture).
    public let plainShare: Double

    init(_ design: ImportanceDesign, weights: PathWeights) {
        theta = design.shift.theta
        drawTilt = design.drawTilt?.lambda ?? 0
        plainShare = design.plainShare
        direction = "the macro factor's innovations, by the cross-entropy method: the pilot's mean innovations in the target's event, by year"
        let w = weights.weights ?? []
        let sum = w.reduce(0, +), s2 = w.reduce(0) { $0 + $1 * $1 }
        effectiveSize = s2 > 0 ? sum * sum / s2 : Double(weights.count)
        meanWeight = w.isEmpty ? 1 : sum / Double(w.count)
    }
}

/// Chooses the shift for a target by pilot runs (a cross-entropy-style search), and reads the target
/// off the weighted run.
public enum ImportanceSampling {
    public static let pilotPaths = 2_048
    public static let rounds = 3

    /// The shift by the cross-entropy method (Rubinstein; for a Gaussian mean shift, the event's
    /// conditional mean of the innovations), then sized by a line search: each round runs `pilotPaths`
    /// paths at the current shift on seeds of its own (never the run's). The first rounds move the
    /// shift to the weighted mean innovation vector of the pilot paths in the event, averaged within
    /// each year (the first step alone: it sets the factor's starting value); the last keeps that
    /// direction and takes the size that minimises the pilot's estimate of the target event's second
    /// moment (`size`). With parameter uncertainty the posterior draw is
    /// tilted too (`TiltedIndex`): each cross-entropy round matches the tilted mean of the draws' riskiness
    /// to its weighted mean over the event. A last, fresh pilot must show the weights paying (variance at
    /// least 1.25× below plain sampling's), else the run stays plain. The event is the target's (depleted; the metric at or above its weighted
    /// quantile) or, while fewer than 10% of pilot paths reach it, the pilot's top 10%, so that each round
    /// moves further into the tail. Deterministic in (scenario, seed, target), whatever the thread count.
    public static func chooseShift(_ scenario: Scenario, target: ImportanceTarget, seed: UInt32, threads: Int) async -> ImportanceDesign {
        let fallback = direction(scenario)
        let blocks = yearBlocks(scenario)
        let scores = drawScores(scenario)
        var shift = ImportanceShift(theta: 0, direction: fallback)
        var tilt: TiltedIndex?
        func design(record: Bool) -> ImportanceDesign {
            ImportanceDesign(shift: shift, target: target, pilotPaths: 0, drawTilt: tilt, recordInnovations: record)
        }
        for round in 0..<rounds {
            let model = CompiledScenario(scenario, importance: design(record: true))
            let pilotSeed = StreamSeed.derive(master: seed, block: UInt32(round), purpose: StreamSeed.purpose("importance/pilot"))
            let outcomes = await Simulation.run(model, paths: pilotPaths, seed: pilotSeed, threads: threads).outcomes
            if round == rounds - 1 {
                // The last round sizes the design along the directions found (`size`).
                (shift, tilt) = size(outcomes, hits: events(outcomes, target: target, tailOnly: true), shift: shift, tilt: tilt, scores: scores)
                break
            }
            let hits = events(outcomes, target: target)
            guard let mu = ImportanceShift.crossEntropyUpdate(innovations: outcomes.map(\.macroInnovations), weights: outcomes.map(\.weight),
                                                              hits: hits, blocks: blocks) else { break }
            shift = ImportanceShift(vector: mu, fallback: fallback)
            if let scores {
                // The draws' tilt by the same rule: the event's weighted mean score, matched.
                var mass = 0.0, sum = 0.0
                for (i, o) in outcomes.enumerated() where hits[i] && o.parameterDraw >= 0 {
                    mass += o.weight
                    sum += o.weight * scores[o.parameterDraw]
                }
                let lambda = mass > 0 ? TiltedIndex.lambda(matchingMean: sum / mass, scores: scores) : 0
                tilt = lambda > 0 ? TiltedIndex(scores: scores, lambda: lambda) : nil
            }
        }
        // A fresh pilot at the design found checks that it pays: unless the weighted indicator's variance
        // is at least 1.25× below plain sampling's, the run stays plain (θ = 0, no tilt).
        if shift.theta > 0 || tilt != nil {
            let model = CompiledScenario(scenario, importance: design(record: false))
            let checkSeed = StreamSeed.derive(master: seed, block: UInt32(rounds), purpose: StreamSeed.purpose("importance/pilot"))
            let outcomes = await Simulation.run(model, paths: pilotPaths, seed: checkSeed, threads: threads).outcomes
            if varianceReduction(outcomes, target: target) < 1.25 {
                shift = ImportanceShift(theta: 0, direction: shift.direction)
                tilt = nil
            }
        }
        return ImportanceDesign(shift: shift, target: target, pilotPaths: (rounds + 1) * pilotPaths, drawTilt: tilt)
    }

    /// The sizes `(θ, λ)` of the factor shift (along its direction) and of the draw tilt that minimise the
    /// estimated second moment of the event's weighted indicator, from pilot paths drawn at the current
    /// design: `M₂(θ, λ) ≈ (1/n) Σ a_i w_{θ,λ}(i) w_pilot(i)` (since `E_new[w_new² a] = E_pilot[a w_new w_pilot]`;
    /// `w_{θ,λ}` the defensive mixture's weight, as the run will draw),
    /// searched on a grid (θ in steps of 0.05 up to 4, λ in steps of 0.1 up to 4). A design that does not
    /// cut `M₂(0, 0)` by at least 20% gives plain sampling. Without hits the design is kept.
    static func size(_ outcomes: [PathOutcome], hits: [Bool], shift: ImportanceShift, tilt: TiltedIndex?,
                     scores: [Double]?) -> (ImportanceShift, TiltedIndex?) {
        let index = outcomes.indices.filter { hits[$0] }
        guard !index.isEmpty else { return (shift, tilt) }
        let s = index.map { outcomes[$0].importanceScore }, pilot = index.map { outcomes[$0].weight }
        let draws = index.map { outcomes[$0].parameterDraw }
        let lambdas = scores == nil ? [0.0] : stride(from: 0.0, through: 4.0, by: 0.1).map { $0 }
        var best = (theta: 0.0, lambda: 0.0, value: Double.infinity)
        var atZero = Double.infinity
        for lambda in lambdas {
            let tilted = lambda > 0 ? TiltedIndex(scores: scores!, lambda: lambda) : nil
            let drawWeights = tilted?.weights
            for k in 0...80 {
                let theta = Double(k) * 0.05
                var m = 0.0
                let candidate = ImportanceDesign(shift: ImportanceShift(theta: theta, direction: shift.direction), target: .depletion, pilotPaths: 0,
                                                 drawTilt: tilted)
                for i in s.indices {
                    let wd = drawWeights.map { $0[draws[i]] } ?? 1
                    m += candidate.weight(score: s[i], drawWeight: wd) * pilot[i]
                }
                if k == 0 && lambda == 0 { atZero = m }
                if m < best.value { best = (theta, lambda, m) }
            }
        }
        guard best.value < 0.8 * atZero else { return (ImportanceShift(theta: 0, direction: shift.direction), nil) }
        return (ImportanceShift(theta: best.theta, direction: shift.direction),
                best.lambda > 0 ? TiltedIndex(scores: scores!, lambda: best.lambda) : nil)
    }

    /// With parameter uncertainty, each posterior draw's riskiness: the mean over the calibrated cohorts of
    /// `Φ⁻¹(PD)` (or, if the PDs do not vary, ρ), standardised; nil without draws or variation.
    static func drawScores(_ scenario: Scenario) -> [Double]? {
        guard scenario.drawsParameters, let link = scenario.calibration, link.drawCount > 1 else { return nil }
        let probit = (0..<link.drawCount).map { j in
            link.pdDraws.reduce(0) { $0 + Normal.quantile(min(max($1[j], 1e-12), 1 - 1e-12)) } / Double(max(1, link.pdDraws.count))
        }
        return TiltedIndex.standardised(probit) ?? TiltedIndex.standardised(link.rhoDraws)
    }

    /// Plain sampling's variance of the target event's indicator over the weighted indicator's, on
    /// weighted paths (the event: depleted, or the metric above its weighted quantile).
    static func varianceReduction(_ outcomes: [PathOutcome], target: ImportanceTarget) -> Double {
        let hits = events(outcomes, target: target, tailOnly: true)
        let terms = outcomes.indices.map { hits[$0] ? outcomes[$0].weight : 0 }
        let n = Double(terms.count)
        let p = terms.reduce(0, +) / n
        let variance = terms.reduce(0) { $0 + ($1 - p) * ($1 - p) } / max(1, n - 1)
        return variance > 0 ? p * (1 - p) / variance : 0
    }

    /// Steps grouped for the shift: the first step alone, then the rest of each year.
    static func yearBlocks(_ scenario: Scenario) -> [Range<Int>] {
        let steps = scenario.horizonMonths / scenario.step.months, perYear = max(1, 12 / scenario.step.months)
        var blocks = [0..<min(1, steps)]
        var start = 1
        while start < steps {
            let end = min(steps, ((start / perYear) + 1) * perYear)
            blocks.append(start..<end)
            start = end
        }
        return blocks
    }

    /// The shift's direction for the scenario's macro factor (one entry per step).
    static func direction(_ scenario: Scenario) -> [Double] {
        ImportanceShift.ar1Direction(phi: CompiledScenario(scenario).macro.phi, steps: scenario.horizonMonths / scenario.step.months)
    }

    /// The pilot's event: the target's, or (unless `tailOnly`) its top 10% when the target's is rarer than that.
    static func events(_ outcomes: [PathOutcome], target: ImportanceTarget, tailOnly: Bool = false) -> [Bool] {
        switch target {
        case .depletion:
            // While depletion is rarer than 10% of the pilot, the pilot's top 10% of claims filed (the
            // demand on the pool) stand in for it, with the depleted paths.
            let depleted = outcomes.map { $0.depletionStep >= 0 }
            guard !tailOnly, depleted.filter({ $0 }).count < outcomes.count / 10 else { return depleted }
            let top = outcomes.map(\.claimsFiled).sorted()[Int(0.9 * Double(outcomes.count))]
            return outcomes.indices.map { depleted[$0] || outcomes[$0].claimsFiled >= top }
        case let .quantile(metric, level):
            let read = MetricDefinition.of(metric).value
            let xs = outcomes.map(read)
            let q = WeightedSample(xs, weights: outcomes.map(\.weight)).quantile(level)
            let top = xs.sorted()[Int(0.9 * Double(xs.count))]
            let bar = tailOnly ? q : min(q, top)
            return xs.map { $0 >= bar }
        }
    }

    /// The target read off a weighted run's table, with the variance-reduction factor.
    static func result(_ target: ImportanceTarget, table: OutcomeTable, pilotPaths: Int) -> ImportanceTargetResult {
        let w = PathWeights(table)
        let n = Double(table.count)
        switch target {
        case .depletion:
            let first = table.column(.depletionStep)
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
