import CGSL
import Foundation

/// Sampling a law by numerical inversion of its distribution function (the method of UNU.RAN's
/// PINV/HINV and SciPy's `stats.sampling`). At set-up the quantile function `Q` on (0, 1) is tabulated
/// on `2^bits` equal cells of u, each a quintic: Hermite interpolation of `Q`, `Q' = 1/f(Q)` and
/// `Q'' = −f'(Q)/f(Q)³` at the cell ends, stored as monomial coefficients. Each cell's u-error
/// `|F(Q̃(u)) − u|` is measured at interior points; a cell above `tolerance` (the tails) is split into
/// `2^subBits` sub-cells fitted the same way, and a sub-cell still above it (the outermost, where
/// `Q` is singular) is flagged and draws there use the exact quantile. An upper point mass (`atom`:
/// from `u₀` on, `Q` = value) is stored as constant cells. A draw costs one 32-bit generator word, one
/// table look-up and five multiply-adds.
///
/// The table is small on purpose (1,024 cells of 48 bytes: 48 KB per law), so that it stays in the
/// near caches: on this machine a 4,096-cell cubic table (128 KB) cost 2.3× more per draw in cache
/// misses than a 256-cell one, and 1,024 quintic cells beat 512 (1.4% of draws in the sub-cells
/// instead of 3.3%).
///
/// Knows nothing of loans: it is built from a quantile, a density, its slope and a distribution
/// function. The table lives in memory this object owns, read through a raw pointer so that a draw
/// costs no reference counting.
public final class InversionSampler: @unchecked Sendable {
    public let bits: Int
    public static let subBits = 6
    @usableFromInline static let width = 6
    /// Main cells then sub-cells, six coefficients each: `Q(u₀ + t·h) ≈ c0 + t(c1 + … + t·c5)`, t in
    /// [0, 1). `c0` NaN flags a cell: `c1` is then the index of its first sub-cell, or −1 (exact).
    /// Immutable after `init`.
    @usableFromInline let coef: UnsafeMutablePointer<Double>
    @usableFromInline let shift: UInt32
    @usableFromInline let tScale: Double
    @usableFromInline let quantile: @Sendable (Double) -> Double
    /// The largest u-error measured over the interpolated cells at set-up (15 points per cell).
    public let measuredError: Double
    /// Probability that a draw takes the exact quantile (the flagged sub-cells' share of u).
    public let exactShare: Double

    /// `quantile` Q, `density` f, `densitySlope` f' and `cdf` F of the law; `bits` sets 2^bits cells (4…16).
    public init(bits: Int = 10, tolerance: Double = 1e-10, quantile: @escaping @Sendable (Double) -> Double,
                density: (Double) -> Double, densitySlope: (Double) -> Double, cdf: (Double) -> Double,
                atom: (from: Double, value: Double)? = nil) {
        precondition(bits >= 4 && bits <= 16)
        self.bits = bits
        self.quantile = quantile
        shift = UInt32(32 - bits)
        tScale = Double(sign: .plus, exponent: -(32 - bits), significand: 1)
        let n = 1 << bits, sub = 1 << Self.subBits
        let atomFrom = atom?.from ?? 2
        /// Fits the cell [u0, u0 + h): its six coefficients, or nil when its u-error exceeds the tolerance.
        func fit(_ u0: Double, _ h: Double) -> (coefficients: [Double], error: Double)? {
            if let atom, u0 >= atom.from { return ([atom.value, 0, 0, 0, 0, 0], 0) }
            guard u0 > 0, u0 + h < 1, u0 + h <= atomFrom else { return nil }
            func ends(_ u: Double) -> (Double, Double, Double) {
                let x = quantile(u), f = density(x)
                return (x, h / f, -densitySlope(x) / (f * f * f) * h * h)
            }
            let (p0, m0, s0) = ends(u0), (p1, m1, s1) = ends(u0 + h)
            let d = p1 - p0
            let c = [p0, m0, s0 / 2, 10 * d - 6 * m0 - 4 * m1 - 1.5 * s0 + 0.5 * s1,
                     -15 * d + 8 * m0 + 7 * m1 + 1.5 * s0 - s1, 6 * d - 3 * m0 - 3 * m1 - 0.5 * s0 + 0.5 * s1]
            guard c.allSatisfy(\.isFinite) else { return nil }
            var err = 0.0
            for j in 1...15 {
                let t = Double(j) / 16
                err = max(err, abs(cdf(c.withUnsafeBufferPointer { Self.quintic($0.baseAddress!, t) }) - (u0 + t * h)))
            }
            return err <= tolerance ? (c, err) : nil
        }
        var table = [Double]()
        table.reserveCapacity(Self.width * n)
        var subTable = [Double]()
        var worst = 0.0, exact = 0.0
        let h = 1 / Double(n)
        for cell in 0..<n {
            if let (c, err) = fit(Double(cell) * h, h) {
                table += c
                worst = max(worst, err)
                continue
            }
            table += [.nan, Double(n + subTable.count / Self.width), 0, 0, 0, 0]
            for k in 0..<sub {
                let hs = h / Double(sub)
                if let (c, err) = fit(Double(cell) * h + Double(k) * hs, hs) {
                    subTable += c
                    worst = max(worst, err)
                } else {
                    subTable += [.nan, -1, 0, 0, 0, 0]
                    exact += hs
                }
            }
        }
        table += subTable
        coef = .allocate(capacity: table.count)
        coef.initialize(from: table, count: table.count)
        measuredError = worst
        exactShare = exact
    }

    deinit { coef.deallocate() }

    @inlinable @inline(__always) static func quintic(_ c: UnsafePointer<Double>, _ t: Double) -> Double {
        c[0] + t * (c[1] + t * (c[2] + t * (c[3] + t * (c[4] + t * c[5]))))
    }

    /// `Q(u)` for the uniform `u = (word + ½) / 2^32` of a 32-bit word.
    @inlinable @inline(__always) public func value(word: UInt32) -> Double {
        let c = UnsafePointer(coef + Self.width * Int(word >> shift))
        if c[0].isNaN { return tailValue(word: word, cell: c) }
        return Self.quintic(c, (Double(word & ((1 << shift) - 1)) + 0.5) * tScale)
    }

    /// A draw in a split cell: its sub-cell's quintic, or the exact quantile.
    @usableFromInline @inline(never) func tailValue(word: UInt32, cell: UnsafePointer<Double>) -> Double {
        if cell[1] >= 0 {
            let subShift = shift - UInt32(Self.subBits)
            let c = UnsafePointer(coef + Self.width * (Int(cell[1]) + Int((word >> subShift) & ((1 << UInt32(Self.subBits)) - 1))))
            if !c[0].isNaN {
                return Self.quintic(c, (Double(word & ((1 << subShift) - 1)) + 0.5) * tScale * Double(1 << Self.subBits))
            }
        }
        return quantile((Double(word) + 0.5) * 0x1p-32)
    }

    /// One draw from `rng` (one generator word).
    @inlinable @inline(__always) public func sample(_ rng: StreamRef) -> Double { value(word: rng.word32()) }

    /// A view for hot loops that draws exactly as the sampler does but holds no reference count: valid
    /// only while the sampler lives (its owner keeps it for the whole run). Shared samplers read by
    /// several threads would otherwise bounce their reference count between cores on every call.
    public struct View: @unchecked Sendable {
        @usableFromInline let coef: UnsafePointer<Double>
        @usableFromInline let shift: UInt32
        @usableFromInline let tScale: Double
        @usableFromInline let owner: Unmanaged<InversionSampler>

        @inlinable @inline(__always) public func value(word: UInt32) -> Double {
            let c = coef + InversionSampler.width * Int(word >> shift)
            if c[0].isNaN { return owner._withUnsafeGuaranteedRef { $0.tailValue(word: word, cell: c) } }
            return InversionSampler.quintic(c, (Double(word & ((1 << shift) - 1)) + 0.5) * tScale)
        }

        @inlinable @inline(__always) public func sample(_ rng: StreamRef) -> Double { value(word: rng.word32()) }
    }

    public var view: View { View(coef: UnsafePointer(coef), shift: shift, tScale: tScale, owner: .passUnretained(self)) }
}

extension StreamRef {
    /// The next `count` words of `word32()` into `words`, with the generator's type checked once.
    @inlinable @inline(__always) public func words(into words: UnsafeMutablePointer<UInt32>, count: Int) {
        if inlineTaus {
            let state = rng.pointee.state
            for i in 0..<count { words[i] = UInt32(truncatingIfNeeded: loansim_taus_get(state)) }
            return
        }
        let type = rng.pointee.type.pointee
        guard type.max == 0xFFFF_FFFF && type.min == 0 else {
            for i in 0..<count { words[i] = word32() }
            return
        }
        let get = type.get!
        let state = rng.pointee.state
        for i in 0..<count { words[i] = UInt32(truncatingIfNeeded: get(state)) }
    }

    /// The generator's next raw output as 32 bits (GSL's taus2, mt19937, gfsr4 give 32-bit words; for
    /// generators with fewer bits the word is taken from `gsl_rng_uniform`).
    @inlinable @inline(__always) public func word32() -> UInt32 {
        if inlineTaus { return UInt32(truncatingIfNeeded: loansim_taus_get(rng.pointee.state)) }
        let type = rng.pointee.type.pointee
        if type.max == 0xFFFF_FFFF && type.min == 0 { return UInt32(truncatingIfNeeded: type.get(rng.pointee.state)) }
        return UInt32(min(gsl_rng_uniform(rng) * 0x1p32, 4_294_967_295))
    }
}
