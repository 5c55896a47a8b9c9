import Foundation

/// Importance sampling of a uniformly drawn index `j ∈ 0..<D` (a posterior draw): `j` is drawn with
/// probability `q_j = exp(λ g_j) / Σ_k exp(λ g_k)` instead of `1/D`, for a score `g` per index, and
/// carries the likelihood ratio `(1/D) / q_j`. `λ = 0` is the uniform law (weight 1).
public struct TiltedIndex: Sendable, Equatable {
    public let lambda: Double
    /// Cumulative `q`, for inversion; `weights[j] = (1/D) / q_j`.
    let cumulative: [Double]
    public let weights: [Double]

    /// `scores` should be centred and scaled (mean 0, sd 1) so that `λ` reads in standard deviations.
    public init(scores: [Double], lambda: Double) {
        self.lambda = lambda
        let top = scores.map { lambda * $0 }.max() ?? 0
        let e = scores.map { exp(lambda * $0 - top) }
        let total = e.reduce(0, +)
        var run = 0.0
        cumulative = e.map { run += $0 / total; return run }
        weights = e.map { total / (Double(scores.count) * $0) }
    }

    /// The index for a uniform `u` in [0, 1): the first `j` with cumulative `q` above `u`.
    public func index(_ u: Double) -> Int {
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > u { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// Scores standardised to mean 0 and sd 1 (nil when they do not vary).
    public static func standardised(_ g: [Double]) -> [Double]? {
        let n = Double(g.count)
        let mean = g.reduce(0, +) / n
        let sd = (g.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
        return sd > 1e-12 ? g.map { ($0 - mean) / sd } : nil
    }

    /// The cross-entropy update of the tilt: the `λ ∈ [0, maxLambda]` whose tilted mean score equals the
    /// event's weighted mean score `target` (the exponential family's moment match), by bisection.
    public static func lambda(matchingMean target: Double, scores: [Double], maxLambda: Double = 6) -> Double {
        func tiltedMean(_ l: Double) -> Double {
            let top = scores.map { l * $0 }.max() ?? 0
            var s = 0.0, m = 0.0
            for g in scores {
                let e = exp(l * g - top)
                s += e
                m += e * g
            }
            return m / s
        }
        guard target > tiltedMean(0) else { return 0 }
        if target >= tiltedMean(maxLambda) { return maxLambda }
        var lo = 0.0, hi = maxLambda
        for _ in 0..<60 {
            let mid = (lo + hi) / 2
            if tiltedMean(mid) < target { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }
}
