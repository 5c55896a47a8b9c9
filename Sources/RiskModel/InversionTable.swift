import CGSL
import Foundation

/// Sampling a continuous law by numerical inversion of its distribution function (the method of
/// UNU.RAN's PINV/HINV and SciPy's `stats.sampling`): at set-up, the quantile function `Q` on (0, 1) is
/// tabulated on `2^bits` equal cells of u with cubic Hermite interpolation (values and slopes `dQ/du =
/// 1/f(Q)` at the cell ends); each cell's u-error `|F(Q̃(u)) − u|` is measured at interior points, and a
/// cell whose error exceeds `tolerance` (the extreme tails) is flagged and sampled with the exact
/// quantile instead. A draw then costs one 32-bit generator word, a table look-up and a cubic: no
/// normal deviate and no `exp` outside the flagged cells.
///
/// Knows nothing of loans: it is built from a quantile, a density and a distribution function.
public struct InversionTable: Sendable {
    public let bits: Int
    /// Per cell, interleaved: `Q(u₀)`, `Q(u₁)` and the two slopes times the cell width (cubic Hermite).
    @usableFromInline let coef: [Double]
    @usableFromInline let exact: [Bool]
    @usableFromInline let quantile: @Sendable (Double) -> Double
    /// The largest u-error measured over the interpolated cells at set-up.
    public let measuredError: Double
    /// Share of cells sampled exactly.
    public var exactShare: Double { Double(exact.filter { $0 }.count) / Double(exact.count) }

    /// `quantile` Q, `density` f and `cdf` F of the law; `bits` sets 2^bits cells (≤ 20).
    public init(bits: Int = 12, tolerance: Double = 1e-10, quantile: @escaping @Sendable (Double) -> Double,
                density: (Double) -> Double, cdf: (Double) -> Double) {
        precondition(bits >= 4 && bits <= 20)
        self.bits = bits
        self.quantile = quantile
        let n = 1 << bits
        let h = 1 / Double(n)
        var q = [Double](repeating: 0, count: n + 1), slope = [Double](repeating: .infinity, count: n + 1)
        for i in 1..<n {
            q[i] = quantile(Double(i) * h)
            slope[i] = 1 / density(q[i])
        }
        var q0 = [Double](repeating: 0, count: n), q1 = q0, m0 = q0, m1 = q0
        var exact = [Bool](repeating: false, count: n)
        var worst = 0.0
        for c in 0..<n {
            if c == 0 || c == n - 1 || !slope[c].isFinite || !slope[c + 1].isFinite {
                exact[c] = true
                continue
            }
            q0[c] = q[c]; q1[c] = q[c + 1]; m0[c] = slope[c] * h; m1[c] = slope[c + 1] * h
            var err = 0.0
            for k in 1...7 {
                let t = Double(k) / 8
                let x = Self.hermite(q0[c], q1[c], m0[c], m1[c], t)
                err = max(err, abs(cdf(x) - (Double(c) + t) * h))
            }
            if err > tolerance || !err.isFinite { exact[c] = true } else { worst = max(worst, err) }
        }
        var coef = [Double](repeating: 0, count: 4 * n)
        for c in 0..<n { (coef[4 * c], coef[4 * c + 1], coef[4 * c + 2], coef[4 * c + 3]) = (q0[c], q1[c], m0[c], m1[c]) }
        self.coef = coef
        self.exact = exact
        measuredError = worst
    }

    @inlinable @inline(__always) static func hermite(_ p0: Double, _ p1: Double, _ m0: Double, _ m1: Double, _ t: Double) -> Double {
        let t2 = t * t, t3 = t2 * t
        return (2 * t3 - 3 * t2 + 1) * p0 + (t3 - 2 * t2 + t) * m0 + (-2 * t3 + 3 * t2) * p1 + (t3 - t2) * m1
    }

    /// `Q(u)` for the uniform `u = (word + ½) / 2^32` of a 32-bit word.
    @inlinable public func value(word: UInt32) -> Double {
        let cell = Int(word >> UInt32(32 - bits))
        if exact[cell] { return quantile((Double(word) + 0.5) * 0x1p-32) }
        let low = word & ((1 << UInt32(32 - bits)) - 1)
        let t = (Double(low) + 0.5) * Double(sign: .plus, exponent: -(32 - bits), significand: 1)
        let k = 4 * cell
        return Self.hermite(coef[k], coef[k + 1], coef[k + 2], coef[k + 3], t)
    }

    /// One draw from `rng` (one GSL word).
    @inlinable public func sample(_ rng: StreamRef) -> Double { value(word: rng.word32()) }
}

extension StreamRef {
    /// The generator's next raw output as 32 bits (GSL's taus2, mt19937, gfsr4 give 32-bit words; for
    /// generators with fewer bits the word is taken from `gsl_rng_uniform`).
    @inlinable public func word32() -> UInt32 {
        if rng.pointee.type.pointee.max == 0xFFFF_FFFF && rng.pointee.type.pointee.min == 0 { return UInt32(truncatingIfNeeded: gsl_rng_get(rng)) }
        return UInt32(min(gsl_rng_uniform(rng) * 0x1p32, 4_294_967_295))
    }
}

extension InversionTable {
    /// Lognormal(μ, σ): `Q(u) = exp(μ + σ Φ⁻¹(u))`.
    public static func lognormal(mu: Double, sigma: Double, bits: Int = 12) -> InversionTable {
        InversionTable(bits: bits, quantile: { u in exp(mu + sigma * Normal.quantile(u)) },
                       density: { x in Normal.density((log(x) - mu) / sigma) / (x * sigma) },
                       cdf: { x in x > 0 ? Normal.cdf((log(x) - mu) / sigma) : 0 })
    }
}
