import CGSL
import Foundation

/// `log Φ(x)`, the log of the standard normal distribution function, by table: on [−38, 9] cells of
/// width 1/64, each a quintic Hermite interpolant of `L = log Φ`, `L' = φ/Φ` and `L'' = −L'(x + L')` at
/// the cell ends (exact values from GSL's `log_erfc`). The cell of `x` is `⌊64x⌋` and its local
/// coordinate `64x − ⌊64x⌋` is exact, so the only errors are the quintic's (about 1e-16) and
/// rounding: measured within 1e-15 of `max(1, |log Φ|)`, the level of GSL's own error. Outside the
/// table (and for NaN) the exact function is used.
///
/// One look-up gives both a conditional PD's `log p = L(x)` and `log(1 − p) = L(−x)` without `erfc`,
/// `exp` or `log1p`: what a binomial draw by inversion needs (`BinomialDraw`).
/// Set-up measures the error against the exact function at 15 interior points per cell
/// (`measuredError`, relative to `max(1, |L|)`); `FastMathTests` checks it at a million points.
///
/// 3,008 cells of 48 bytes; a path's conditional PDs for one cohort stay within a few cells, so the
/// table's working set is small. The memory is never freed: copies of this struct are plain pointers.
public struct LogPhiTable: @unchecked Sendable {
    public static let shared = LogPhiTable()

    @usableFromInline static let firstCell = -38 * 64
    @usableFromInline static let cellCount = 47 * 64
    @usableFromInline let coef: UnsafePointer<Double>
    /// The largest error measured at set-up, relative to `max(1, |log Φ|)`.
    public let measuredError: Double

    /// `log Φ(x)` from GSL (accurate across the whole range, where `Φ` itself underflows).
    public static func exact(_ x: Double) -> Double { gsl_sf_log_erfc(-x * 0.7071067811865476) - M_LN2 }

    private init() {
        let h = 1.0 / 64
        func node(_ x: Double) -> (Double, Double, Double) {
            let l = Self.exact(x)
            let m = Foundation.exp(-0.5 * x * x - 0.9189385332046728 - l)
            return (l, m * h, -m * (x + m) * h * h)
        }
        let table = UnsafeMutablePointer<Double>.allocate(capacity: 6 * Self.cellCount)
        var worst = 0.0
        var (p0, m0, s0) = node(Double(Self.firstCell) * h)
        for i in 0..<Self.cellCount {
            let x0 = Double(Self.firstCell + i) * h
            let (p1, m1, s1) = node(x0 + h)
            let d = p1 - p0
            let c = table + 6 * i
            c[0] = p0
            c[1] = m0
            c[2] = s0 / 2
            c[3] = 10 * d - 6 * m0 - 4 * m1 - 1.5 * s0 + 0.5 * s1
            c[4] = -15 * d + 8 * m0 + 7 * m1 + 1.5 * s0 - s1
            c[5] = 6 * d - 3 * m0 - 3 * m1 - 0.5 * s0 + 0.5 * s1
            for j in 1...15 {
                let t = Double(j) / 16
                let exact = Self.exact(x0 + t * h)
                worst = max(worst, abs(Self.quintic(UnsafePointer(c), t) - exact) / max(1, abs(exact)))
            }
            (p0, m0, s0) = (p1, m1, s1)
        }
        coef = UnsafePointer(table)
        measuredError = worst
    }

    @inlinable @inline(__always) static func quintic(_ c: UnsafePointer<Double>, _ t: Double) -> Double {
        c[0] + t * (c[1] + t * (c[2] + t * (c[3] + t * (c[4] + t * c[5]))))
    }

    /// `log Φ(x)`.
    @inlinable @inline(__always) public func callAsFunction(_ x: Double) -> Double {
        let y = x * 64
        guard y > Double(Self.firstCell), y < Double(Self.firstCell + Self.cellCount) else { return Self.exact(x) }
        var k = Int(y)
        if Double(k) > y { k -= 1 }
        return Self.quintic(coef + 6 * (k - Self.firstCell), y - Double(k))
    }
}
