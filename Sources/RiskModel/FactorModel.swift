import Foundation

/// A stationary AR(1) factor `Z_t = φ Z_{t−1} + √(1−φ²) η_t`, `Z_1 ~ N(0, 1)`, so every `Z_t ~ N(0, 1)`.
/// `φ` is the autocorrelation per simulation step.
public struct AR1Factor: Sendable {
    public let phi: Double
    public let innovationScale: Double

    /// `phi` in (−1, 1).
    public init(phi: Double) {
        precondition(phi > -1 && phi < 1, "AR(1) coefficient must lie in (-1, 1)")
        self.phi = phi
        innovationScale = (1 - phi * phi).squareRoot()
    }

    /// The next value given the previous one (`nil` at the first step) and a standard normal innovation.
    @inlinable public func next(previous: Double?, innovation eta: Double) -> Double {
        guard let previous else { return eta }
        return phi * previous + innovationScale * eta
    }
}

/// Conditional default probability of a firm whose latent variable loads `a` on the macro factor and `b`
/// on a sector factor, idiosyncratic weight `√(1−a²−b²)` (one-factor case: `a = √ρ`):
/// `p = Φ((Φ⁻¹(q) − a Z − b S) / √(1−a²−b²))`. Low factor values are bad states.
public struct ConditionalPD: Sendable {
    public let macroLoading: Double
    public let sectorLoading: Double
    public let idiosyncraticScale: Double

    /// Requires `a² + b² < 1`.
    public init(macroLoading a: Double, sectorLoading b: Double = 0) {
        precondition(a * a + b * b < 1, "factor loadings must satisfy a² + b² < 1")
        macroLoading = a
        sectorLoading = b
        idiosyncraticScale = (1 - a * a - b * b).squareRoot()
    }

    /// Step PD from an annual PD for a step of `months` months: `1 − (1 − PD)^(months/12)`.
    public static func stepPD(annual pd: Double, months: Int) -> Double {
        -expm1(Double(months) / 12 * log1p(-pd))
    }

    /// `p` given the default threshold `Φ⁻¹(q)` (hoisted by the caller) and the factor values.
    @inlinable public func probability(threshold: Double, macro z: Double, sector s: Double = 0) -> Double {
        Normal.cdf((threshold - macroLoading * z - sectorLoading * s) / idiosyncraticScale)
    }
}

/// Vasicek's large-portfolio loss distribution: one factor, correlation ρ, PD `p`, LGD 1, infinitely
/// granular book. `P(L ≤ x) = Φ((√(1−ρ) Φ⁻¹(x) − Φ⁻¹(p)) / √ρ)`.
public struct Vasicek: Sendable {
    public let pd: Double
    public let rho: Double

    public init(pd: Double, rho: Double) {
        self.pd = pd
        self.rho = rho
    }

    /// P(L ≤ x) for the loss fraction x in (0, 1).
    public func cdf(_ x: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        return Normal.cdf(((1 - rho).squareRoot() * Normal.quantile(x) - Normal.quantile(pd)) / rho.squareRoot())
    }

    /// The α-quantile of the loss fraction.
    public func quantile(_ alpha: Double) -> Double {
        Normal.cdf((Normal.quantile(pd) + rho.squareRoot() * Normal.quantile(alpha)) / (1 - rho).squareRoot())
    }
}
