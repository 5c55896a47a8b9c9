import RiskModel

/// A record check across paths: the simulated quantity's central 90% interval and mean, the share of
/// paths that agree with the observation, and whether the observation falls inside the interval
/// (for a censored observation: whether the interval reaches into the observed region).
public struct RecordCheckResult: Sendable {
    public let check: RecordCheck
    public let mean: Double
    public let q05: Double
    public let q95: Double
    /// P(a path agrees with the observation) with its standard error: a posterior predictive p-value.
    public let agreeing: Proportion
    /// P(simulated ≤ observed) for an exact observation (the record's place in the predictive
    /// distribution; near 0 or 1 means the record is in a tail); nil for a censored one.
    public let percentile: Double?

    public var inside: Bool {
        (check.lower.map { q95 >= $0 - 1e-9 } ?? true) && (check.upper.map { q05 <= $0 + 1e-9 } ?? true)
    }

    static func compute(_ checks: [RecordCheck], table: OutcomeTable, weights w: PathWeights) -> [RecordCheckResult] {
        checks.enumerated().map { i, check in
            let values = table.column(.check(i))
            let exact = check.lower != nil && check.lower == check.upper
            let q05: Double, q95: Double, mean: Double
            if let weights = w.weights {
                let sample = WeightedSample(values, weights: weights)
                (q05, q95, mean) = (sample.quantile(0.05), sample.quantile(0.95), sample.mean)
            } else {
                let sorted = values.sorted()
                (q05, q95) = (SampleSummary.quantile(sorted: sorted, 0.05), SampleSummary.quantile(sorted: sorted, 0.95))
                mean = values.reduce(0, +) / Double(max(1, values.count))
            }
            return RecordCheckResult(check: check, mean: mean, q05: q05, q95: q95,
                                     agreeing: w.proportion { check.agrees(values[$0]) },
                                     percentile: exact ? w.proportion { values[$0] <= check.lower! + 1e-9 }.p : nil)
        }
    }
}

/// The same run at the calibration's point estimate (every path with the same PD and ρ), for reading
/// beside the run that draws them from the posterior.
public final class PointEstimateRun: Sendable {
    public let summary: RunSummary
    public init(_ summary: RunSummary) { self.summary = summary }
}
