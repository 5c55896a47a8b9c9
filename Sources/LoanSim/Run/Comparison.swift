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
        public let metric: ComparedFigure
        public let perScenario: [Estimate]
        /// One per scenario after the first.
        public let differences: [Difference]
    }

    public let names: [String]
    public let rows: [Row]
    /// Ratio rows left out, with why: a scenario where the denominator's mean is zero has no ratio.
    public let omitted: [(metric: String, reason: String)]
    /// The paths carry importance weights (so a probability's hits are not counts).
    public let weighted: Bool

    /// What `compare` reports unless `--metric` says otherwise: the pool's and the banks' headline
    /// figures, and the policy question's two sides, public money spent and firms reached, with their
    /// ratio, the fiscal cost per firm financed.
    public static let metrics = ["gross_loss", "pool_paid", "bank_net_loss", "unpaid_claims", "pool_balance_end",
                                 "defaults", "depletion.probability", "fiscal_cost", "distinct_firms_financed",
                                 "fiscal_cost/distinct_firms_financed"]

    /// Compares runs with equal path counts (same seed), each in path order. Importance-sampled runs
    /// share one shift, so path i carries the same weight in every scenario; means and standard errors
    /// (of each scenario and of the paired differences) are then the weighted ones (`WeightedSample`).
    public init(names: [String], outcomes: [[PathOutcome]], metrics: [String] = Comparison.metrics, stepMonths: Int) throws {
        precondition(outcomes.count >= 2 && Set(outcomes.map(\.count)).count == 1, "compare needs runs of equal length")
        self.names = names
        let weights = outcomes[0].contains { $0.weight != 1 } ? outcomes[0].map(\.weight) : nil
        weighted = weights != nil
        guard outcomes.allSatisfy({ $0.map(\.weight) == outcomes[0].map(\.weight) }) else {
            throw OutputError(text: "the compared runs carry different importance weights: compare them on one shift and, with a tilted posterior draw, one calibration",
                              exitCode: 64)
        }
        var rows: [Row] = [], omitted: [(String, String)] = []
        for key in metrics {
            let figure = try ComparedFigure(key, stepMonths: stepMonths)
            do {
                rows.append(try Self.row(figure, outcomes: outcomes, weights: weights))
            } catch let undefined as UndefinedRatio {
                let k = undefined.scenario
                omitted.append((figure.description, "the mean of \(figure.denominator?.key ?? "") is zero in [\(k)] \(names[k])"))
            }
        }
        (self.rows, self.omitted) = (rows, omitted)
    }

    /// One row: each scenario's estimate and its paired differences against the first. A mean's
    /// difference is the mean of per-path differences; a ratio's is `R_j − R_0`, with the standard error
    /// of the per-path differences of the linearised values (`RatioOfMeans`). A ratio that some scenario
    /// does not define throws `UndefinedRatio`.
    static func row(_ figure: ComparedFigure, outcomes: [[PathOutcome]], weights: [Double]?) throws -> Row {
        // Per scenario: the estimate, and the per-path values whose paired differences give the
        // difference's standard error (the values themselves for a mean, ψ for a ratio).
        var per: [Estimate] = [], values: [[Double]] = []
        for (k, o) in outcomes.enumerated() {
            let x = o.map(figure.numerator.value)
            if let denominator = figure.denominator {
                guard let (r, psi) = RatioOfMeans.linearised(numerator: x, denominator: o.map(denominator.value), weights: weights) else {
                    throw UndefinedRatio(scenario: k)
                }
                per.append(Estimate(mean: r, se: RatioOfMeans.standardError(psi)))
                values.append(psi)
            } else {
                let (mean, se) = estimate(x, weights: weights)
                per.append(Estimate(mean: mean, se: se))
                values.append(x)
            }
        }
        let diffs = values.dropFirst().enumerated().map { j, v -> Difference in
            let d = zip(v, values[0]).map { $0 - $1 }
            let allZero = d.allSatisfy { $0 == 0 }
            let mean: Double, dse: Double
            if figure.denominator != nil {
                (mean, dse) = (per[j + 1].mean - per[0].mean, RatioOfMeans.standardError(d))
            } else {
                (mean, dse) = estimate(d, weights: weights)
            }
            let se = allZero ? 0 : dse
            let seInd = (per[0].se * per[0].se + per[j + 1].se * per[j + 1].se).squareRoot()
            return Difference(mean: mean, se: se, low: mean - 1.959963984540054 * se,
                              high: mean + 1.959963984540054 * se, seIndependent: seInd)
        }
        return Row(metric: figure, perScenario: per, differences: diffs)
    }

    /// A ratio row's denominator has mean zero in scenario `scenario`.
    struct UndefinedRatio: Error { let scenario: Int }

    /// A mean and its standard error (weighted: `WeightedSample`'s).
    static func estimate(_ xs: [Double], weights: [Double]?) -> (mean: Double, se: Double) {
        guard let weights else { return (mean(xs), SampleSummary.standardError(xs)) }
        let w = WeightedSample(xs, weights: weights)
        return (w.mean, w.standardError)
    }

    static func mean(_ xs: [Double]) -> Double {
        var s = 0.0
        for x in xs { s += x }
        return s / Double(xs.count)
    }
}
