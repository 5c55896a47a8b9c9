import Foundation
import Testing
@testable import RiskModel

/// Frye–Jacobs downturn LGD against its closed form and its defining property.
@Suite struct FryeJacobsTests {
    /// Issue 33's worked case: PD 8%, expected LGD 40%, ρ 0.20, conditional default rate 5% → 0.3197.
    /// By hand: k = (Φ⁻¹(0.08) − Φ⁻¹(0.032))/√0.8 = (−1.40507 + 1.85218)/0.89443 = 0.49988;
    /// Φ(Φ⁻¹(0.05) − k)/0.05 = Φ(−2.14473)/0.05 = 0.015987/0.05 = 0.31974.
    @Test func closedForm() {
        let curve = FryeJacobs(pd: 0.08, meanLGD: 0.40, rho: 0.20)
        #expect(abs(curve.k - 0.49988) < 5e-5, "\(curve.k)")
        #expect(abs(curve.lgd(conditionalPD: 0.05) - 0.3197) < 5e-5, "\(curve.lgd(conditionalPD: 0.05))")
        // At cDR = PD·ELGD's own PD the curve passes through no special point, but it is increasing and in (0, 1].
        var last = 0.0
        for cdr in stride(from: 0.001, to: 0.999, by: 0.001) {
            let l = curve.lgd(conditionalPD: cdr)
            #expect(l > last && l <= 1)
            last = l
        }
        #expect(FryeJacobs(pd: 0.05, meanLGD: 1, rho: 0.1).lgd(conditionalPD: 0.3) == 1, "ELGD 1: k = 0, LGD 1")
    }

    /// The expected loss is unchanged: ∫ Φ(x(z)) · LGD(Φ(x(z))) φ(z) dz = PD · ELGD, with x(z) =
    /// (Φ⁻¹(PD) − √ρ z)/√(1 − ρ) (Simpson's rule on [−9, 9], 3,600 intervals).
    @Test(arguments: [(0.08, 0.4, 0.2), (0.001, 0.7, 0.12), (0.02, 0.15, 0.3)])
    func expectedLossIsUnchanged(_ pd: Double, _ elgd: Double, _ rho: Double) {
        let curve = FryeJacobs(pd: pd, meanLGD: elgd, rho: rho)
        let n = 3600, lo = -9.0, h = 18.0 / Double(n)
        var sum = 0.0
        for i in 0...n {
            let z = lo + Double(i) * h
            let x = (Normal.quantile(pd) - rho.squareRoot() * z) / (1 - rho).squareRoot()
            let f = Normal.cdf(x) * curve.lgd(threshold: x) * Normal.density(z)
            sum += f * (i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2)
        }
        let el = sum * h / 3
        #expect(abs(el / (pd * elgd) - 1) < 1e-6, "\(el) vs \(pd * elgd)")
    }

    /// Far in the left tail, where Φ underflows, the asymptotic branch joins the direct ratio.
    @Test func deepTailIsContinuous() {
        let curve = FryeJacobs(pd: 0.001, meanLGD: 0.5, rho: 0.1)
        for x in [-20.0, -30] {
            let direct = Normal.cdf(x - curve.k) / Normal.cdf(x), asymptotic = FryeJacobs.tailRatio(x, curve.k)
            #expect(abs(asymptotic / direct - 1) < 2 / (x * x), "at \(x): \(direct) vs \(asymptotic)")
        }
        let far = curve.lgd(threshold: -40)   // Φ(−40) underflows: the asymptotic branch
        #expect(far > 0 && far < curve.lgd(threshold: -30) && curve.lgd(threshold: -60) < far)
    }
}
