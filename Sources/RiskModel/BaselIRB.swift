import Foundation

/// Basel II/III IRB risk weight for corporate exposures (BCBS, "International Convergence of Capital
/// Measurement", §272): correlation R from PD, maturity adjustment b, capital K at the 99.9% level, risk
/// weight 12.5 K. With `smeSalesMillionsEUR` in 5…50 the SME firm-size adjustment lowers R by
/// `0.04 × (1 − (S − 5)/45)`.
public enum BaselIRB {
    /// Asset correlation R for a PD (PD floored at 0.03%).
    public static func correlation(pd: Double, smeSalesMillionsEUR: Double? = nil) -> Double {
        let p = max(pd, 0.0003)
        let w = (1 - exp(-50 * p)) / (1 - exp(-50.0))
        var r = 0.12 * w + 0.24 * (1 - w)
        if let s = smeSalesMillionsEUR { r -= 0.04 * (1 - (min(max(s, 5), 50) - 5) / 45) }
        return r
    }

    /// Capital requirement K per unit of exposure.
    public static func capital(pd: Double, lgd: Double, maturityYears: Double, smeSalesMillionsEUR: Double? = nil) -> Double {
        let p = max(pd, 0.0003)
        let r = correlation(pd: p, smeSalesMillionsEUR: smeSalesMillionsEUR)
        let b = pow(0.11852 - 0.05478 * log(p), 2)
        let m = min(max(maturityYears, 1), 5)
        let conditional = Normal.cdf((Normal.quantile(p) + r.squareRoot() * Normal.quantile(0.999)) / (1 - r).squareRoot())
        return (lgd * conditional - p * lgd) * (1 + (m - 2.5) * b) / (1 - 1.5 * b)
    }

    /// Risk weight = 12.5 × K (1.0 = 100%).
    public static func riskWeight(pd: Double, lgd: Double, maturityYears: Double, smeSalesMillionsEUR: Double? = nil) -> Double {
        12.5 * capital(pd: pd, lgd: lgd, maturityYears: maturityYears, smeSalesMillionsEUR: smeSalesMillionsEUR)
    }
}
