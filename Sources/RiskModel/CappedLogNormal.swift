import Foundation

/// The law of `min(X, cap)` with `X` lognormal (median `e^μ`, log-sd `σ`): a point mass at `cap` of
/// `1 − Φ((ln cap − μ)/σ)`; `σ` = 0 gives the fixed amount `min(median, cap)`.
public struct CappedLogNormal: Sendable, Equatable, Hashable {
    public let mu: Double
    public let sigma: Double
    public let cap: Double
    /// Standard normal draws at or above this give `cap`, so `exp` is skipped for them.
    public let capNormal: Double
    /// The value when `sigma` is 0: `min(median, cap)` exactly (`exp(log(m))` can differ from `m` in
    /// the last bit).
    public let fixed: Double

    public init(median: Double, sigma: Double, cap: Double = .infinity) {
        precondition(median > 0 && sigma >= 0 && cap > 0)
        mu = log(median)
        self.sigma = sigma
        self.cap = cap
        capNormal = sigma > 0 && cap.isFinite ? (log(cap) - mu) / sigma : .infinity
        fixed = min(median, cap)
    }

    public var median: Double { exp(mu) }
    public var isDegenerate: Bool { sigma == 0 }

    /// The value for a standard normal draw `z` (the quantile at `Φ(z)`).
    @inlinable public func value(normal z: Double) -> Double {
        if sigma == 0 { return fixed }
        return z >= capNormal ? cap : min(exp(mu + sigma * z), cap)
    }

    /// The quantile at `u` in (0, 1).
    public func quantile(_ u: Double) -> Double { value(normal: Normal.quantile(u)) }

    /// P(min(X, cap) ≤ x).
    public func cdf(_ x: Double) -> Double {
        if x >= cap { return 1 }
        if sigma == 0 { return x >= fixed ? 1 : 0 }
        return x > 0 ? Normal.cdf((log(x) - mu) / sigma) : 0
    }

    /// The density of the continuous part below `cap`.
    public func density(_ x: Double) -> Double {
        x > 0 && x < cap ? Normal.density((log(x) - mu) / sigma) / (x * sigma) : 0
    }

    /// f'(x) below `cap`: `−f(x)(1 + z/σ)/x` with `z = (ln x − μ)/σ`.
    public func densitySlope(_ x: Double) -> Double {
        x > 0 && x < cap ? -density(x) * (1 + (log(x) - mu) / sigma / sigma) / x : 0
    }

    /// The probability of the point mass at `cap`.
    public var capProbability: Double { cap.isFinite && sigma > 0 ? Normal.survival(capNormal) : (fixed == cap ? 1 : 0) }

    /// E[min(X, cap)] in closed form: `e^{μ+σ²/2} Φ((ln c − μ − σ²)/σ) + c (1 − Φ((ln c − μ)/σ))`.
    public var mean: Double {
        if sigma == 0 { return fixed }
        if cap == .infinity { return exp(mu + sigma * sigma / 2) }
        let lc = log(cap)
        return exp(mu + sigma * sigma / 2) * Normal.cdf((lc - mu - sigma * sigma) / sigma)
            + cap * Normal.survival((lc - mu) / sigma)
    }

    /// A numerical-inversion sampler of this law (one generator word per draw, no `exp`).
    public func inversionSampler(bits: Int = 10) -> InversionSampler {
        let law = self
        let atom = cap.isFinite && sigma > 0 ? (from: Normal.cdf(capNormal), value: cap) : nil
        return InversionSampler(bits: bits, quantile: { law.quantile($0) }, density: law.density,
                                densitySlope: law.densitySlope, cdf: law.cdf, atom: atom)
    }
}
