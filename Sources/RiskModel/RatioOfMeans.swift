/// A ratio of two means over the same paths, `R = E[X] / E[Y]` (fiscal cost per firm financed, lending
/// per 万元 of pool capital), estimated by `X̄ / Ȳ` with its delta-method standard error.
///
/// Linearised, `R̂ − R ≈ (X̄ − R Ȳ) / Ȳ`, the mean over paths of `ψ_i = w_i (x_i − R̂ y_i) / Ȳ`; so the
/// standard error is the sample standard deviation of `ψ` over `√n`. With importance weights the means
/// are `WeightedSample`'s, with the weights as a control variate: `X̄` is the mean of the terms
/// `t_i = w_i x_i − β_x (w_i − 1)`, and `ψ_i = (t_i − R̂ u_i) / Ȳ` with `u_i` the denominator's. The ratio of
/// means, not the mean of per-path ratios: a path with no firm financed has no ratio of its own, and
/// the programme's cost per firm is its total cost over its total firms.
///
/// Two ratios on the same paths (a comparison on common random numbers) differ by
/// `R̂_b − R̂_a ≈ mean(ψ_b − ψ_a)`: the paired standard error is that of the per-path differences of
/// the linearised values (`linearised`).
public struct RatioOfMeans: Sendable, Equatable {
    public let ratio: Double
    public let se: Double

    /// Nil when `Ȳ` is zero or either mean is not finite: the ratio is not defined.
    public init?(numerator: [Double], denominator: [Double], weights: [Double]? = nil) {
        guard let (ratio, psi) = Self.linearised(numerator: numerator, denominator: denominator, weights: weights) else { return nil }
        self.ratio = ratio
        se = Self.standardError(psi)
    }

    public init(ratio: Double, se: Double) {
        self.ratio = ratio
        self.se = se
    }

    /// `R̂` and the per-path linearised values `ψ_i` (mean zero by construction); nil when the ratio is
    /// not defined.
    public static func linearised(numerator x: [Double], denominator y: [Double], weights: [Double]?) -> (ratio: Double, psi: [Double])? {
        precondition(x.count == y.count && (weights?.count ?? x.count) == x.count, "a ratio of means needs one value of each per path")
        guard !x.isEmpty else { return nil }
        let n = Double(x.count)
        let tx = weights.map { WeightedSample.controlled(x, weights: $0) } ?? x
        let ty = weights.map { WeightedSample.controlled(y, weights: $0) } ?? y
        var sx = 0.0, sy = 0.0
        for i in x.indices {
            sx += tx[i]
            sy += ty[i]
        }
        let mx = sx / n, my = sy / n
        guard my != 0, mx.isFinite, my.isFinite else { return nil }
        let r = mx / my
        let psi = x.indices.map { i in (tx[i] - r * ty[i]) / my }
        return (r, psi)
    }

    /// The sample standard deviation of `ψ` over `√n` (infinite for a single path).
    public static func standardError(_ psi: [Double]) -> Double { SampleSummary.standardError(psi) }
}
