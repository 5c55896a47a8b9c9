import CGSL
import Foundation

/// A Gauss–Hermite rule for integrals against the standard normal density: nodes `x_i` and weights
/// `w_i` with `∫ f(z) φ(z) dz ≈ Σ w_i f(x_i)`, exact for polynomials of degree < 2n. Nodes and weights
/// come from GSL's fixed-node Hermite rule (Golub–Welsch), weight `exp(−x²/2)`, rescaled by `1/√(2π)`.
///
/// `adaptiveLogIntegral` centres and scales the nodes at the mode of the integrand (Liu & Pierce 1994),
/// which is what makes a few dozen nodes enough for the peaked likelihoods of large loan counts.
public struct GaussHermite: Sendable, Equatable {
    public let nodes: [Double]
    /// Weights against φ (they sum to 1).
    public let weights: [Double]
    /// `log w_i + x_i²/2 + log √(2π)`: the log weight against `dz` (no density), for adaptive use.
    public let logPlainWeights: [Double]

    public var count: Int { nodes.count }

    /// The `n`-node rule, `1 ≤ n ≤ 1024`.
    public init(nodes n: Int) {
        precondition(n >= 1 && n <= 1024, "Gauss–Hermite rule needs 1…1024 nodes")
        guard let w = gsl_integration_fixed_alloc(loansim_fixed_hermite(), n, 0, 0.5, 0, 0) else {
            fatalError("gsl_integration_fixed_alloc failed")
        }
        defer { gsl_integration_fixed_free(w) }
        let x = gsl_integration_fixed_nodes(w)!, wt = gsl_integration_fixed_weights(w)!
        let root2pi = (2 * Double.pi).squareRoot()
        var nodes = [Double](), weights = [Double](), logPlain = [Double]()
        for i in 0..<n where wt[i] > 0 {
            nodes.append(x[i])
            weights.append(wt[i] / root2pi)
            logPlain.append(log(wt[i]) + 0.5 * x[i] * x[i])
        }
        self.nodes = nodes
        self.weights = weights
        logPlainWeights = logPlain
    }

    /// `∫ f(z) φ(z) dz` by the plain rule.
    public func expectation(_ f: (Double) -> Double) -> Double {
        var s = 0.0
        for i in nodes.indices { s += weights[i] * f(nodes[i]) }
        return s
    }

    /// `log ∫ exp(h(z)) dz` for a log-concave integrand `h` (density included), with the nodes placed at
    /// `mode + scale · x_i`. The caller supplies the mode and `scale = 1/√(−h''(mode))`.
    public func adaptiveLogIntegral(mode: Double, scale: Double, _ h: (Double) -> Double) -> Double {
        var terms = [Double](repeating: 0, count: nodes.count)
        var top = -Double.infinity
        for i in nodes.indices {
            let v = logPlainWeights[i] + h(mode + scale * nodes[i])
            terms[i] = v
            if v > top { top = v }
        }
        if top == -.infinity { return -.infinity }
        var s = 0.0
        for v in terms { s += exp(v - top) }
        return log(scale) + top + log(s)
    }
}

/// Log-scale helpers for the normal distribution that stay finite far into the tails.
public enum LogNormalCDF {
    /// `log Φ(u)`, accurate for any finite u (from `log erfc`).
    /// libm's `erfc` where it keeps full relative accuracy (above −37), GSL's `log erfc` beyond.
    @inlinable public static func logPhi(_ u: Double) -> Double {
        if u >= 0 { return log1p(-0.5 * erfc(u * 0.7071067811865476)) }
        if u > -37 { return log(0.5 * erfc(-u * 0.7071067811865476)) }
        return gsl_sf_log_erfc(-u * 0.7071067811865476) - 0.6931471805599453
    }

    /// `φ(u)/Φ(u)`, the inverse Mills ratio, accurate for any finite u.
    @inlinable public static func millsRatio(_ u: Double) -> Double {
        exp(-0.5 * u * u - 0.9189385332046728 - logPhi(u))
    }

    /// `log Γ(x)`.
    @inlinable public static func logGamma(_ x: Double) -> Double { gsl_sf_lngamma(x) }
}
