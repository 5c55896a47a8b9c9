import CGSL
import Foundation

/// A Beta(a, b) prior on a probability (a PD or an asset correlation).
public struct BetaPrior: Sendable, Equatable, Codable {
    public var a: Double
    public var b: Double
    public init(a: Double, b: Double) {
        self.a = a
        self.b = b
    }

    public var mean: Double { a / (a + b) }
    public var sd: Double { (a * b / ((a + b) * (a + b) * (a + b + 1))).squareRoot() }

    /// Log density at x in (0, 1).
    public func logDensity(_ x: Double) -> Double {
        guard x > 0 && x < 1 else { return -.infinity }
        return (a - 1) * log(x) + (b - 1) * log1p(-x) - gsl_sf_lnbeta(a, b)
    }

    public func quantile(_ p: Double) -> Double { gsl_cdf_beta_Pinv(p, a, b) }
}

/// Logit and its inverse, the unconstrained coordinates of a probability.
public enum Logit {
    @inlinable public static func of(_ p: Double) -> Double { log(p) - log1p(-p) }
    @inlinable public static func inverse(_ x: Double) -> Double { x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)) }
    /// `log(dp/dx)` at x: `log p + log(1 − p)`.
    @inlinable public static func logJacobian(_ x: Double) -> Double { -abs(x) - 2 * log1p(exp(-abs(x))) }
}
