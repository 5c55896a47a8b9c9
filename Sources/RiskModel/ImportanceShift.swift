import Foundation

/// Importance sampling by a mean shift of standard normal innovations (Glasserman & Li's approach for
/// the one-factor model): the innovations `η_t ~ N(0, 1)` are drawn from `N(θ d_t, 1)` instead, with `d` a
/// unit vector, and each path carries the likelihood ratio
/// `w = Π φ(η_t) / φ(η_t − θ d_t) = exp(−θ s + θ²/2)`, `s = Σ d_t η_t`,
/// so that `E_θ[w f(η)] = E[f(η)]` for any `f`. With `θ = 0` every draw and weight is the plain run's.
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

    /// The path's weight from `s = Σ d_t η_t` over its shifted innovations.
    @inlinable public func weight(score s: Double) -> Double { exp(-theta * s + 0.5 * theta * theta) }

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

    /// The shift along `direction` that minimises the estimated second moment `E_θ[w² 1_A]` of the
    /// weighted indicator of an event, from pilot paths drawn with shift `pilotTheta`: for path `i`
    /// with score `s_i` and hit `a_i`, `M₂(θ) ≈ (1/n) Σ a_i exp(−(θ + θ₀) s_i + (θ² + θ₀²)/2)` (the pilot's
    /// own likelihood ratio folded in). Searched on `0…maxTheta` in steps of `step`; nil without hits.
    public static func minimisingSecondMoment(scores: [Double], hits: [Bool], pilotTheta theta0: Double,
                                              maxTheta: Double = 4, step: Double = 0.02) -> Double? {
        let hit = scores.indices.filter { hits[$0] }.map { scores[$0] }
        guard !hit.isEmpty else { return nil }
        var best = 0.0, bestValue = Double.infinity
        var theta = 0.0
        while theta <= maxTheta + 1e-12 {
            // Log-sum-exp: the terms can be far outside Double's range for large shifts.
            let logs = hit.map { -(theta + theta0) * $0 + 0.5 * (theta * theta + theta0 * theta0) }
            let top = logs.max()!
            let value = top + log(logs.reduce(0) { $0 + exp($1 - top) })
            if value < bestValue { (best, bestValue) = (theta, value) }
            theta += step
        }
        return best
    }
}
