import Foundation

/// Statistics of an importance-sampled sample: value `x_i` with likelihood-ratio weight `w_i`.
///
/// - Means are self-normalised, `m = Σ w x / Σ w`; their standard error is the delta method's,
///   `√(Σ w² (x − m)²) / Σ w`; the standard deviation is `√(Σ w (x − m)² / Σ w)`.
/// - Quantiles invert the weighted empirical CDF `F(x) = Σ_{x_i ≤ x} w_i / Σ w`: the α-quantile is
///   the smallest `x_i` with `F(x_i) ≥ α`.
/// - `ES_α` is the weighted mean of the upper tail holding weight `(1 − α) Σ w`, the boundary value
///   counted in part.
/// With no weights (`nil`) every statistic is `SampleSummary`'s plain one, bit for bit.
public struct WeightedSample: Sendable {
    public let values: [Double]
    public let weights: [Double]
    /// Indices in ascending order of value, and the cumulative weight along that order.
    public let order: [Int]
    let cumulative: [Double]
    public let totalWeight: Double

    public init(_ values: [Double], weights: [Double]) {
        precondition(values.count == weights.count && !values.isEmpty)
        self.values = values
        self.weights = weights
        order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        var c = [Double](repeating: 0, count: values.count)
        var run = 0.0
        for (k, i) in order.enumerated() {
            run += weights[i]
            c[k] = run
        }
        cumulative = c
        totalWeight = run
    }

    public var mean: Double {
        var s = 0.0
        for i in values.indices { s += weights[i] * values[i] }
        return s / totalWeight
    }

    /// The delta-method standard error of the self-normalised mean.
    public var standardError: Double {
        let m = mean
        var s = 0.0
        for i in values.indices { s += weights[i] * weights[i] * (values[i] - m) * (values[i] - m) }
        return s.squareRoot() / totalWeight
    }

    public var standardDeviation: Double {
        let m = mean
        var s = 0.0
        for i in values.indices { s += weights[i] * (values[i] - m) * (values[i] - m) }
        return (s / totalWeight).squareRoot()
    }

    /// The smallest value whose weighted CDF reaches `alpha`.
    public func quantile(_ alpha: Double) -> Double {
        let target = min(max(alpha, 0), 1) * totalWeight
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] >= target * (1 - 1e-15) { hi = mid } else { lo = mid + 1 }
        }
        return values[order[lo]]
    }

    /// Weighted mean of the upper tail of weight `(1 − alpha) Σ w`.
    public func expectedShortfall(_ alpha: Double) -> Double {
        let mass = (1 - alpha) * totalWeight
        var taken = 0.0, sum = 0.0
        for k in order.indices.reversed() {
            let i = order[k]
            let part = min(weights[i], mass - taken)
            if part <= 0 { break }
            sum += part * values[i]
            taken += part
        }
        return taken > 0 ? sum / taken : values[order.last!]
    }

    /// Standard error of the α-quantile: the weighted CDF's own standard error at the quantile,
    /// `σ_F = √(Σ w² (1{x ≤ q} − α)²) / Σ w`, carried to the value axis by inverting `F` at `α ± 1.96 σ_F`
    /// (with equal weights, the order statistics of the distribution-free interval).
    public func quantileStandardError(_ alpha: Double) -> Double {
        let q = quantile(alpha)
        var s = 0.0
        for i in values.indices {
            let d = (values[i] <= q ? 1.0 : 0.0) - alpha
            s += weights[i] * weights[i] * d * d
        }
        let sigma = s.squareRoot() / totalWeight
        let z = 1.959963984540054
        return (quantile(alpha + z * sigma) - quantile(alpha - z * sigma)) / (2 * z)
    }

    /// Kish's effective sample size `(Σ w)² / Σ w²`.
    public var effectiveSize: Double {
        var s2 = 0.0
        for w in weights { s2 += w * w }
        return totalWeight * totalWeight / s2
    }
}
