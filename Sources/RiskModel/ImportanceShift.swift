import Foundation

/// Importance sampling by a mean shift of standard normal innovations (Glasserman & Li's approach for
/// the one-factor model): the innovations `η_t ~ N(0, 1)` are drawn from `N(θ d_t, 1)` instead, with `d` a
/// unit vector, and each path carries the likelihood ratio
/// `w = Π φ(η_t) / φ(η_t − θ d_t) = exp(−θ s + θ²/2)`, `s = Σ d_t η_t`,
/// so that `E_θ[w f(η)] = E[f(η)]` for any `f`. With `θ = 0` every draw and weight is the plain run's.
/// A run mixes in plain paths as a defence (`defensiveWeight`).
public struct ImportanceShift: Sendable, Equatable {
    /// The shift's size in units of the innovations' standard deviation (its Euclidean norm).
    public let theta: Double
    /// The unit direction, one entry per innovation.
    public let direction: [Double]
    /// `θ d_t`: what is added to each innovation.
    public let shifts: [Double]

    public init(theta: Double, direction: [Double]) {
        self.theta = theta
        self.direction = direction
        shifts = direction.map { theta * $0 }
    }

    /// The shift `μ` itself: `θ = |μ|`, `d = μ/θ` (a zero shift keeps `fallback` as its direction).
    public init(vector mu: [Double], fallback: [Double]) {
        let norm = mu.reduce(0) { $0 + $1 * $1 }.squareRoot()
        self.init(theta: norm, direction: norm > 0 ? mu.map { $0 / norm } : fallback)
    }

    /// The cross-entropy update of a Gaussian mean shift: the weighted mean of the innovation vectors of
    /// the paths in the event, `Σ w_i a_i η_i / Σ w_i a_i` (the event's conditional mean under the plain
    /// law), averaged within each of `blocks` (ranges of steps) to damp the noise of a small pilot.
    /// Nil without hits.
    public static func crossEntropyUpdate(innovations: [[Double]], weights: [Double], hits: [Bool], blocks: [Range<Int>]) -> [Double]? {
        guard let steps = innovations.first?.count else { return nil }
        var sum = [Double](repeating: 0, count: steps)
        var mass = 0.0
        for i in innovations.indices where hits[i] {
            mass += weights[i]
            for t in 0..<steps { sum[t] += weights[i] * innovations[i][t] }
        }
        guard mass > 0 else { return nil }
        var mu = sum.map { $0 / mass }
        for b in blocks where !b.isEmpty {
            let mean = b.reduce(0) { $0 + mu[$1] } / Double(b.count)
            for t in b { mu[t] = mean }
        }
        return mu
    }

    /// The path's weight from `s = Σ d_t η_t` over its shifted innovations.
    @inlinable public func weight(score s: Double) -> Double { exp(-theta * s + 0.5 * theta * theta) }

    /// Defensive importance sampling (Hesterberg 1995): a path comes from the plain law with probability
    /// `plainShare` π and from the shifted one otherwise, so its weight is `p / (π p + (1 − π) q) =
    /// 1 / (π + (1 − π) q/p)`, at most `1/π` — whichever law drew it. `shiftedOverPlain` is `q/p` at the
    /// path's draws (the shifted law's density over the plain one's).
    @inlinable public static func defensiveWeight(shiftedOverPlain qp: Double, plainShare: Double) -> Double {
        1 / (plainShare + (1 - plainShare) * qp)
    }

    /// The direction in which a shift moves the sum of an AR(1) factor `Z_t = φ Z_{t−1} + √(1−φ²) η_t`
    /// (`Z_1 = η_1`) over `steps` steps fastest: `∂ Σ_s Z_s / ∂η_t = c_t (1 − φ^{T−t}) / (1 − φ)`, with
    /// `c_1 = 1` and `c_t = √(1−φ²)` after, normalised; `sign` −1 points to low factor values.
    public static func ar1Direction(phi: Double, steps: Int, sign: Double = -1) -> [Double] {
        let scale = (1 - phi * phi).squareRoot()
        var d = (0..<steps).map { t -> Double in
            let c = t == 0 ? 1 : scale
            let remaining = Double(steps - t)
            return c * (abs(1 - phi) < 1e-12 ? remaining : (1 - pow(phi, remaining)) / (1 - phi))
        }
        let norm = d.reduce(0) { $0 + $1 * $1 }.squareRoot()
        for t in d.indices { d[t] = sign * d[t] / norm }
        return d
    }
}
