import Foundation

/// Statistics of an importance-sampled sample: value `x_i` with likelihood-ratio weight `w_i`, `n` paths.
///
/// The estimators are the unnormalised ones (each weighted path counts `w_i / n`, not `w_i / Σ w`): for
/// a tail-aimed shift the paths that carry the largest weights lie in the body, and dividing by `Σ w`
/// would bring their noise into every tail figure.
/// - Means: `m = Σ w x / n`, standard error the sample standard deviation of `w x` over `√n`; the
///   standard deviation is `√(Σ w x² / n − m²)`.
/// - Quantiles: for `α ≥ ½` from the upper tail, the value where the weighted mass above it,
///   `Σ_{x_i > q} w_i / n`, first stays within `1 − α`; below ½ from the lower tail, the smallest value whose
///   weighted mass at or below it reaches `α` (Glynn's tail estimators).
/// - `ES_α`: the weighted mean of the upper tail holding mass `1 − α`, the boundary value counted in part.
/// With no weights (`nil`) every statistic is `SampleSummary`'s plain one, bit for bit.
public struct WeightedSample: Sendable {
    public let values: [Double]
    public let weights: [Double]
    /// Indices in ascending order of value.
    public let order: [Int]
    public let totalWeight: Double
    let n: Double

    public init(_ values: [Double], weights: [Double]) {
        precondition(values.count == weights.count && !values.isEmpty)
        self.values = values
        self.weights = weights
        order = values.indices.sorted { values[$0] < values[$1] || (values[$0] == values[$1] && $0 < $1) }
        totalWeight = weights.reduce(0, +)
        n = Double(values.count)
    }

    public var mean: Double {
        var s = 0.0
        for i in values.indices { s += weights[i] * values[i] }
        return s / n
    }

    /// The standard error of the mean: the standard deviation of `w x` over `√n`.
    public var standardError: Double {
        let m = mean
        var s = 0.0
        for i in values.indices {
            let d = weights[i] * values[i] - m
            s += d * d
        }
        return values.count > 1 ? (s / (n - 1) / n).squareRoot() : .infinity
    }

    public var standardDeviation: Double {
        let m = mean
        var s = 0.0
        for i in values.indices { s += weights[i] * values[i] * values[i] }
        return max(0, s / n - m * m).squareRoot()
    }

    /// The α-quantile (upper-tail estimator for α ≥ ½, lower-tail below).
    public func quantile(_ alpha: Double) -> Double {
        let a = min(max(alpha, 0), 1)
        if a >= 0.5 {
            var above = 0.0
            for k in order.indices.reversed() {
                let i = order[k]
                if above + weights[i] / n > (1 - a) * (1 + 1e-12) { return values[i] }
                above += weights[i] / n
            }
            return values[order[0]]
        }
        var below = 0.0
        for i in order {
            below += weights[i] / n
            if below >= a * (1 - 1e-12) { return values[i] }
        }
        return values[order.last!]
    }

    /// Weighted mean of the upper tail of mass `1 − alpha`.
    public func expectedShortfall(_ alpha: Double) -> Double {
        let mass = 1 - alpha
        var taken = 0.0, sum = 0.0
        for k in order.indices.reversed() {
            let i = order[k]
            let part = min(weights[i] / n, mass - taken)
            if part <= 0 { break }
            sum += part * values[i]
            taken += part
        }
        return taken > 0 ? sum / taken : values[order.last!]
    }

    /// Standard error of the α-quantile: the tail-mass estimator's own standard error at the quantile,
    /// `σ_F` (the sample sd of `w 1{x > q}`, or of `w 1{x ≤ q}` below ½, over `√n`), carried to the value
    /// axis by inverting at `α ± 1.96 σ_F` (with equal weights, the distribution-free interval's order statistics).
    public func quantileStandardError(_ alpha: Double) -> Double {
        let q = quantile(alpha)
        let terms = values.indices.map { i -> Double in
            let inTail = alpha >= 0.5 ? values[i] > q : values[i] <= q
            return inTail ? weights[i] : 0
        }
        let m = terms.reduce(0, +) / n
        let v = terms.reduce(0) { $0 + ($1 - m) * ($1 - m) } / max(1, n - 1)
        let sigma = (v / n).squareRoot()
        let z = 1.959963984540054
        return (quantile(min(1, alpha + z * sigma)) - quantile(max(0, alpha - z * sigma))) / (2 * z)
    }

    /// Kish's effective sample size `(Σ w)² / Σ w²`.
    public var effectiveSize: Double {
        var s2 = 0.0
        for w in weights { s2 += w * w }
        return totalWeight * totalWeight / s2
    }
}
