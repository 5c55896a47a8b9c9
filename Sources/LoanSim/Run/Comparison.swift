import RiskModel

/// Scenarios compared on common random numbers: every scenario ran with the same seed and path count,
/// so path i of each saw the same factor path and, where the scenarios agree, the same defaults. The
/// difference against the first scenario is then estimated path by path (paired), which removes the
/// shared noise; the independent-runs standard error is shown beside it for scale.
public struct Comparison: Sendable {
    public struct Estimate: Sendable {
        public let mean: Double
        public let se: Double
    }

    public struct Difference: Sendable {
        /// Mean of (scenario − first) over paths.
        public let mean: Double
        /// Standard error of that mean from the paired differences.
        public let se: Double
        /// 95% confidence interval, mean ± 1.96 se.
        public let low: Double
        public let high: Double
        /// The standard error the same difference would have from independent runs: √(se_a² + se_b²).
        public let seIndependent: Double
        /// How many times narrower CRN made the interval: seIndependent / se (∞ when identical).
        public var narrowing: Double { se > 0 ? seIndependent / se : .infinity }
    }

    public struct Row: Sendable {
        public let metric: MetricSelector
        public let perScenario: [Estimate]
        /// One per scenario after the first.
        public let differences: [Difference]
    }

    public let names: [String]
    public let rows: [Row]

    /// What `compare` reports unless `--metric` says otherwise: the pool's and the banks' headline
    /// figures, and the policy question's two sides, public money spent and firms reached.
    public static let metrics = ["gross_loss", "pool_paid", "bank_net_loss", "unpaid_claims", "pool_balance_end",
                                 "defaults", "depletion.probability", "fiscal_cost", "distinct_firms_financed"]

    /// What `sweep` reports per grid point: the headline figures, P(depleted) and fiscal cost. (sweep.csv's
    /// columns carry their unit in their names — `_wan` money, `p_depleted` a probability, else loans — so
    /// the firm count, in firms, is compare's only.)
    public static let sweepMetrics = ["gross_loss", "pool_paid", "bank_net_loss", "unpaid_claims", "pool_balance_end",
                                      "defaults", "depletion.probability", "fiscal_cost"]

    /// A metric a comparison can pair path by path: a metric's mean (`fiscal_cost`, `raroc.mean`) or a
    /// probability (`depletion`, `depletion.yearN`). Quantiles and ES are not means over paths, so their
    /// paired difference is not an average of per-path differences: refused, with what is allowed.
    public static func pairable(_ m: MetricSelector) throws -> MetricSelector {
        guard m.stat == .mean || m.stat == .probability else {
            throw MetricSelectorError(text: m.description, problem: "compare pairs means and probabilities path by path, not \(m.stat.rawValue)",
                                      allowed: "METRIC or METRIC.mean, depletion.probability, depletion.yearN")
        }
        return m
    }

    /// Compares runs with equal path counts (same seed), each in path order. Importance-sampled runs
    /// share one shift, so path i carries the same weight in every scenario; means and standard errors
    /// (of each scenario and of the paired differences) are then the weighted ones (`WeightedSample`).
    public init(names: [String], outcomes: [[PathOutcome]], metrics: [String] = Comparison.metrics, stepMonths: Int) throws {
        precondition(outcomes.count >= 2 && Set(outcomes.map(\.count)).count == 1, "compare needs runs of equal length")
        self.names = names
        let weights = outcomes[0].contains { $0.weight != 1 } ? outcomes[0].map(\.weight) : nil
        guard outcomes.allSatisfy({ $0.map(\.weight) == outcomes[0].map(\.weight) }) else {
            throw OutputError(text: "the compared runs carry different importance weights: compare them on one shift and, with a tilted posterior draw, one calibration",
                              exitCode: 64)
        }
        func estimate(_ xs: [Double]) -> (mean: Double, se: Double) {
            guard let weights else { return (Self.mean(xs), SampleSummary.standardError(xs)) }
            let w = WeightedSample(xs, weights: weights)
            return (w.mean, w.standardError)
        }
        rows = try metrics.map { key in
            let m = try Self.pairable(MetricSelector(key, stepMonths: stepMonths))
            let values = outcomes.map { $0.map(m.value) }
            let per = values.map { v in estimate(v) }.map { Estimate(mean: $0.mean, se: $0.se) }
            let diffs = values.dropFirst().enumerated().map { j, v -> Difference in
                let d = zip(v, values[0]).map { $0 - $1 }
                let (mean, dse) = estimate(d)
                let allZero = d.allSatisfy { $0 == 0 }
                let se = allZero ? 0 : dse
                let seInd = (per[0].se * per[0].se + per[j + 1].se * per[j + 1].se).squareRoot()
                return Difference(mean: mean, se: se, low: mean - 1.959963984540054 * se,
                                  high: mean + 1.959963984540054 * se, seIndependent: seInd)
            }
            return Row(metric: m, perScenario: per, differences: diffs)
        }
    }

    static func mean(_ xs: [Double]) -> Double {
        var s = 0.0
        for x in xs { s += x }
        return s / Double(xs.count)
    }
}
