import Foundation
import RiskModel

/// The calibration conditioned on the whole record (docs/calibration.md "Conditioned on the whole
/// record"): the counts' likelihood stays exact, and each parameter value is weighted by the probability
/// that a backcast path agrees with the record's events that the counts do not hold — its checks of
/// `breaker_trips` and `depleted` (no bank suspended, pool never dry). The compensated-loan and payout
/// bounds are in the counts' likelihood already and the lending totals are not events of the rules, so
/// neither is counted here: nothing twice.
///
/// The probability is estimated from `pathsPerPoint` backcast paths at each parameter value, on the
/// backcast's own seed: every value and every breaker variant sees the same paths (common random
/// numbers), so weights and Bayes factors are paired, and the thread count changes nothing.
public struct RecordConditioning: Sendable {
    public struct Options: Sendable {
        public var pathsPerPoint = 1000
        /// One free parameter: points of the grid the probability is estimated on.
        public var gridPoints = 25
        /// More: posterior draws weighted (a subset, evenly spaced).
        public var importanceDraws = 200
        public var threads = 2
        /// Average over the breaker's readings (equal prior odds): the draws carry their reading.
        public var averageModels = false
        public init(pathsPerPoint: Int = 1000, gridPoints: Int = 25, importanceDraws: Int = 200, threads: Int = 2, averageModels: Bool = false) {
            self.averageModels = averageModels
            self.pathsPerPoint = pathsPerPoint
            self.gridPoints = gridPoints
            self.importanceDraws = importanceDraws
            self.threads = threads
        }
    }

    /// The record checks that are events of the programme's rules, not counts.
    public static let eventMetrics: Set<RecordCheck.Metric> = [.breakerTrips, .depleted]

    public let backcast: String
    public let variants: [(variant: BreakerVariants.Variant, loaded: LoadedScenario)]
    /// Indices of the backcast's record checks conditioned on.
    public let events: [Int]
    /// The names of the record checks conditioned on.
    var eventNames: [String] { events.map { variants[0].loaded.scenario.record[$0].name } }

    /// Per calibrated scenario cohort: its index in the scenario, in the calibration, and its PD scale.
    let mapping: [(cohort: Int, calibrated: Int, scale: Double)]
    public let options: Options

    /// Reads the backcast and the variants, before any fit: `cohorts` are the calibrated cohorts' names.
    public init(backcast: String, variantsFile: String?, cohorts names: [String], options: Options) throws {
        func refuse(_ key: String, _ message: String, _ allowed: String) -> ScenarioError {
            ScenarioError([ScenarioIssue(file: backcast, line: 1, column: 1, keyPath: key, message: message, allowed: allowed)])
        }
        let base = try ScenarioLoader.load(path: backcast)
        let s = base.scenario
        events = s.record.indices.filter { Self.eventMetrics.contains(s.record[$0].metric) }
        guard !events.isEmpty else {
            throw refuse("record", "the backcast checks no event that the counts do not hold, so there is nothing to condition on",
                         "a record with checks of metric breaker_trips or depleted")
        }
        guard let link = s.calibration else {
            throw refuse("calibration", "the backcast takes no PD from a calibration, so the posterior cannot be put into it",
                         "calibration: {include: …/calibrated.yaml} with cohorts mapped to the calibrated ones")
        }
        mapping = try link.cohorts.map { m in
            guard let k = names.firstIndex(of: m.from) else {
                throw refuse("calibration.cohorts", "the backcast maps a cohort to '\(m.from)', which this calibration does not have",
                             names.joined(separator: ", "))
            }
            return (m.cohort, k, m.pdScale)
        }
        let used = Set(mapping.map(\.calibrated))
        if used.count < names.count {
            throw refuse("calibration.cohorts", "the backcast uses no cohort named \(names.indices.filter { !used.contains($0) }.map { "'\(names[$0])'" }.joined(separator: ", ")), "
                         + "so the record cannot weigh its PD", "a mapping of every calibrated cohort")
        }
        var loaded = [(BreakerVariants.Variant.asWritten, base)]
        if let variantsFile {
            for v in try BreakerVariants.load(path: variantsFile).dropFirst() {
                loaded.append((v, try BreakerVariants.scenario(backcast, v, file: variantsFile)))
            }
        }
        self.backcast = backcast
        variants = loaded
        self.options = options
    }

    /// The backcast with every path at (PD per calibrated cohort, ρ).
    func scenario(_ variant: Int, pd: [Double], rho: Double) -> Scenario {
        variants[variant].loaded.scenario.atParameters(pd: mapping.map { min(pd[$0.calibrated] * $0.scale, 0.999) }, rho: rho)
    }

    /// Per path, 1 when it agrees with every event, else 0: `pathsPerPoint` paths on the backcast's seed.
    func agreement(_ variant: Int, pd: [Double], rho: Double) async -> [Double] {
        let s = scenario(variant, pd: pd, rho: rho)
        let checks = events.map { s.record[$0] }
        let result = await Simulation.run(CompiledScenario(s), paths: options.pathsPerPoint, seed: s.seed, threads: options.threads)
        return result.outcomes.map { o in zip(events, checks).allSatisfy { $0.1.agrees(o.checkpoints[$0.0]) } ? 1 : 0 }
    }

    /// The whole-record posterior of `c`: on a grid when one parameter is free, by importance weights
    /// (and resample-move when they degenerate) otherwise.
    public func run(_ c: Calibration, progress: (@Sendable (String, Int, Int) -> Void)? = nil) async throws -> ConditionedPosterior {
        let free = c.cohorts.count + (c.rhoFixed ? 0 : 1)
        return free == 1 ? try await grid(c, progress: progress) : try await importance(c, progress: progress)
    }

    /// The count-only posterior as `Calibrator` drew it (same likelihood, priors and ρ treatment).
    static func posterior(_ c: Calibration) -> MixturePosterior {
        MixturePosterior(likelihood: MixtureLikelihood(panel: c.history.panel, nodes: c.nodes), pdPriors: c.cohorts.map(\.prior),
                         rhoPrior: c.prior.rho, fixedRho: c.rhoFixed ? c.rho.mle : nil)
    }

    /// Each variant's evidence from per-path values `y[v][i]` = Σ_k α_k · agree[v][k][i] (the marginal
    /// probability of the events is their mean), Bayes factors paired against the first.
    func evidence(_ y: [[Double]]) -> [ConditionedPosterior.VariantEvidence] {
        let marginals = y.map { $0.reduce(0, +) / Double(max(1, $0.count)) }
        let total = marginals.reduce(0, +)
        return variants.indices.map { v in
            let ratio = RatioOfMeans(numerator: y[v], denominator: y[0])
            let variant = variants[v].variant
            return .init(name: variant.name, nameZh: variant.nameZh, settings: variant.settings.map { (String($0.keyPath.dropFirst("breaker.".count)), $0.value) },
                         marginal: marginals[v], marginalSe: SampleSummary.standardError(y[v]),
                         bayesFactor: ratio?.ratio ?? .nan, bayesFactorSe: v == 0 ? 0 : (ratio?.se ?? .nan),
                         posteriorProbability: total > 0 ? marginals[v] / total : .nan)
        }
    }

    /// The record's events are impossible under the backcast as written: refused.
    func impossible(_ points: Int) -> ScenarioError {
        let names = eventNames.map { "'\($0)'" }.joined(separator: " and ")
        return ScenarioError([ScenarioIssue(
            file: backcast, line: 1, column: 1, keyPath: "record",
            message: "no backcast path agrees with \(names) at any of \(points) parameter values (\(options.pathsPerPoint) paths each): "
                + "the record is impossible under this model, and conditioning on it is refused",
            allowed: "a backcast under which the record's events can happen (its breaker, pool and lending), or more paths per point")])
    }

    /// The weight of a parameter value from its probabilities under each reading: the rule as written's,
    /// or, averaging over the readings at equal prior odds, their mean (the readings' θ-marginal).
    func weight(_ pv: [Double]) -> Double {
        options.averageModels ? pv.reduce(0, +) / Double(pv.count) : pv[0]
    }

    /// Each draw's reading, drawn in proportion to its probability of the events at the draw's θ
    /// (`pv[d][v]`); nil when not averaging.
    func readings(_ pv: [[Double]], seed: UInt32) -> [Int]? {
        guard options.averageModels, variants.count > 1 else { return nil }
        let stream = RandomStream(kind: .taus2, seed: StreamSeed.derive(master: seed, block: 0, purpose: StreamSeed.purpose("calibrate/breaker-reading")))
        return pv.map { p in
            let u = stream.ref.uniform() * p.reduce(0, +)
            var c = 0.0
            for (v, x) in p.enumerated() {
                c += x
                if u < c { return v }
            }
            return p.lastIndex { $0 > 0 } ?? 0
        }
    }

    /// `(Σw)² / Σw²`.
    static func effectiveNumber(_ w: [Double]) -> Double {
        let s = w.reduce(0, +), s2 = w.reduce(0) { $0 + $1 * $1 }
        return s2 > 0 ? s * s / s2 : 0
    }

    /// The estimates of the conditioned draws: `mode` the maximum of the whole-record likelihood, the
    /// interval the central 95% of the draws.
    static func estimates(_ c: Calibration, draws: MixturePosterior.Draws, mode: (pd: [Double], rho: Double))
        -> ([Calibration.CohortEstimate], Calibration.Estimate) {
        func estimate(_ x: [Double], _ m: Double) -> Calibration.Estimate {
            let s = x.sorted()
            var e = Calibration.Estimate(mle: m, ci95: [SampleSummary.quantile(sorted: s, 0.025), SampleSummary.quantile(sorted: s, 0.975)])
            e.summarise(x)
            return e
        }
        let cohorts = c.cohorts.enumerated().map { k, e -> Calibration.CohortEstimate in
            var out = e
            out.pd = estimate(draws.pd[k], mode.pd[k])
            out.method = "whole record: the counts' likelihood × the simulated probability of the record's events; "
                + "point = its maximum, interval = central 95% of the posterior draws"
            return out
        }
        var rho = c.rhoFixed ? c.rho : estimate(draws.rho, mode.rho)
        if c.rhoFixed { rho.summarise(draws.rho) }
        return (cohorts, rho)
    }
}
