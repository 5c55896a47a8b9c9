import Foundation

/// A loan-size (exposure) distribution in 万元: lognormal with median `m` and log-sd `σ`, capped at
/// `cap` (the per-firm limit), or a fixed amount. Sampled from a normal draw, so one stream feeds it.
public struct LoanSize: Sendable, Equatable {
    public let mu: Double
    public let sigma: Double
    public let cap: Double

    /// `min(lognormal(ln median, sigma), cap)`; `sigma` = 0 gives a fixed amount `min(median, cap)`.
    /// Normal draws at or above this give the capped size, so `exp` is skipped for them.
    public let capNormal: Double
    /// The size when `sigma` is 0: `min(median, cap)` exactly (`exp(log(m))` can differ from `m` in the
    /// last bit).
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

    /// One size from a standard normal draw `z`.
    @inlinable public func size(normal z: Double) -> Double {
        if sigma == 0 { return fixed }
        return z >= capNormal ? cap : min(exp(mu + sigma * z), cap)
    }

    /// E[min(X, cap)] in closed form: `e^{μ+σ²/2} Φ((ln c − μ − σ²)/σ) + c (1 − Φ((ln c − μ)/σ))`.
    public var mean: Double {
        if sigma == 0 { return fixed }
        if cap == .infinity { return exp(mu + sigma * sigma / 2) }
        let lc = log(cap)
        return exp(mu + sigma * sigma / 2) * Normal.cdf((lc - mu - sigma * sigma) / sigma)
            + cap * Normal.survival((lc - mu) / sigma)
    }

    /// Draws `count` sizes `x_i = scale × size(z_i)` (z_i from `rng`'s ziggurat normals; no draws when
    /// `sigma` is 0) and returns `(Σ x_i, Σ min(slope · x_i, yCap))`: the total of the draws and of a
    /// capped linear function of each. The engine's innermost loop: about 18 ns per draw here, nearly
    /// all of it GSL's ziggurat and libm's `exp`.
    @inlinable public func sums(count: Int, rng: StreamRef, scale: Double, slope: Double, yCap: Double) -> (total: Double, capped: Double) {
        if sigma == 0 {
            let x = scale * fixed
            return (Double(count) * x, Double(count) * Swift.min(slope * x, yCap))
        }
        var sx = 0.0, sy = 0.0
        for _ in 0..<count {
            let x = scale * size(normal: rng.normal())
            sx += x
            sy += Swift.min(slope * x, yCap)
        }
        return (sx, sy)
    }
}
