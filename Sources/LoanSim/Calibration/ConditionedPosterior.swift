import RiskModel

/// The posterior conditioned on the whole record (`loansim calibrate --condition-on BACKCAST.yaml`,
/// `RecordConditioning`): the counts' posterior reweighted by the probability, estimated by simulating
/// the backcast, that a path agrees with the record's events the counts do not hold (no bank
/// suspended, pool never dry). Its estimates and draws have the fields of the count-only posterior.
public struct ConditionedPosterior: Sendable {
    /// One point of the parameter space where the record's probability was estimated: the PD of each
    /// calibrated cohort and ρ, the share of the `pathsPerPoint` backcast paths that agree with every
    /// event, and its binomial standard error.
    public struct Point: Sendable, Equatable {
        public var pd: [Double]
        public var rho: Double
        public var p: Double
        public var se: Double
    }

    /// A reading of the breaker's rule, and the evidence the record gives it: `marginal` is
    /// P(record's events | counts, variant) = E over the count-only posterior of P(events | θ, variant);
    /// the Bayes factor is its ratio to the first variant's (the backcast as written), paired on common
    /// random numbers; `posteriorProbability` assumes equal prior odds over the variants.
    public struct VariantEvidence: Sendable, Equatable {
        public var name: String
        public var nameZh: String
        /// The breaker keys the variant sets (key, value as written), empty for the backcast as written.
        public var settings: [(key: String, value: String)]
        public var marginal: Double
        public var marginalSe: Double
        public var bayesFactor: Double
        public var bayesFactorSe: Double
        public var posteriorProbability: Double

        public static func == (a: Self, b: Self) -> Bool {
            a.name == b.name && a.nameZh == b.nameZh && a.settings.map(\.key) == b.settings.map(\.key)
                && a.settings.map(\.value) == b.settings.map(\.value) && a.marginal == b.marginal && a.marginalSe == b.marginalSe
                && a.bayesFactor == b.bayesFactor && a.bayesFactorSe == b.bayesFactorSe && a.posteriorProbability == b.posteriorProbability
        }
    }

    /// The backcast scenario simulated, and its SHA-256.
    public var backcast: String
    public var backcastSha256: String
    /// The record checks conditioned on (their names as the record gives them).
    public var events: [String]
    /// "grid" (one free parameter: the record's probability on a grid of PDs, interpolated, and the
    /// posterior tabulated again) or "importance" (each of a subset of draws weighted; resample-move when
    /// the weights degenerate).
    public var method: String
    public var methodText: String
    public var pathsPerPoint: Int
    public var points: [Point]
    /// P(events | counts) under the backcast as written, and its standard error over paths.
    public var marginal: Double
    public var marginalSe: Double
    /// The marginal's relative standard error, and the largest relative standard error of a point inside
    /// the whole-record posterior's central 90% (nil when none lies inside).
    public var relativeError: Double
    public var largestPointRelativeError: Double?
    /// The count-only draws' effective number under the record's weights, `(Σw)² / Σw²`, of `countOnlyDraws`.
    public var effectiveDraws: Double
    public var countOnlyDraws: Int
    /// Whether the weights were degenerate (effective number under half) and a second stage ran.
    public var secondStage: Bool
    public var cohorts: [Calibration.CohortEstimate]
    public var rho: Calibration.Estimate
    public var draws: MixturePosterior.Draws
    public var variants: [VariantEvidence]
    /// Averaged over the breaker's readings (`--average-models`): each draw's reading, an index into `variants`.
    public var variantOfDraw: [Int]?
    public var seed: UInt32
    public var threads: Int
}
