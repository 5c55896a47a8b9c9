import Foundation
import Testing
@testable import RiskModel

/// The inlined `exp` and the `log Φ` table the defaults phase uses instead of libm's `exp`, `erfc` and
/// `log1p`: their errors measured over a million points each.
@Suite struct FastMathTests {
    /// The i-th point of the golden-ratio sequence on [0, 1): evenly spread, the same on every run.
    func spread(_ i: Int) -> Double { (Double(i) * 0.6180339887498949 + 0.5).truncatingRemainder(dividingBy: 1) }

    /// Within 2 ulp of libm's `exp` (itself within 1 ulp) across [−700, 700], and exact at 0.
    @Test func fastExpIsWithinTwoUlpOfLibm() {
        let e = FastExp.shared
        var worst = 0.0
        for i in 0..<1_000_000 {
            let x = i % 2 == 0 ? -700 + 1400 * spread(i) : -2 + 4 * spread(i)
            let exact = Foundation.exp(x)
            worst = max(worst, abs(e(x) - exact) / exact.ulp)
        }
        #expect(worst <= 2, "worst \(worst) ulp")
        #expect(e(0) == 1)
        #expect(e(-800) == 0 && e(800) == .infinity && e(.nan).isNaN && e(-.infinity) == 0)
    }

    /// `log Φ` from the table within 2e-15 of GSL's, relative to max(1, |log Φ|), at a million points of
    /// [−38, 9] (measured 9e-16: rounding, at the level of GSL's own error; the set-up's measure
    /// agrees); so `Φ(x) = exp(log Φ(x))` is accurate to about 1e-15 relative, and 1e-13 down to Φ(−20).
    @Test func logPhiTableMatchesTheExactFunction() {
        let table = LogPhiTable.shared
        #expect(table.measuredError < 2e-15, "measured at set-up: \(table.measuredError)")
        var worst = 0.0, worstP = 0.0
        for i in 0..<1_000_000 {
            let x = -38 + 47 * spread(i)
            let exact = LogPhiTable.exact(x)
            worst = max(worst, abs(table(x) - exact) / max(1, abs(exact)))
            if x > -20, x < 8 { worstP = max(worstP, abs(Foundation.exp(table(x)) / Normal.cdf(x) - 1)) }
        }
        #expect(worst < 2e-15, "worst \(worst)")
        #expect(worstP < 1e-13, "Φ relative \(worstP)")
        // Cell ends, outside the table and NaN go to the exact function.
        #expect(table(0) == LogPhiTable.exact(0) || abs(table(0) - log(0.5)) < 1e-16)
        #expect(table(-40) == LogPhiTable.exact(-40) && table(12) == LogPhiTable.exact(12) && table(.nan).isNaN)
    }
}
