import Foundation

/// Downturn LGD after Frye and Jacobs (2012), "Credit loss and systematic loss given default", Journal
/// of Credit Risk 8(1): loss given default rises with the conditional default rate `cDR` as
///
///     LGD(cDR) = Φ(Φ⁻¹(cDR) − k) / cDR,   k = (Φ⁻¹(PD) − Φ⁻¹(PD · ELGD)) / √(1 − ρ),
///
/// one parameter-free curve per (PD, expected LGD, ρ). Under the one-factor Gaussian model the expected
/// loss rate is unchanged, `E[cDR · LGD(cDR)] = PD · ELGD` (Vasicek's `E Φ((a − √ρ Z)/√(1 − ρ)) = Φ(a)`),
/// so the curve moves losses into the bad states without adding any on average.
public struct FryeJacobs: Sendable, Equatable {
    /// The shift `k` between the default and the loss threshold (≥ 0; 0 when ELGD = 1).
    public let k: Double
    /// The expected LGD the curve averages to.
    public let meanLGD: Double

    /// The curve for a period's unconditional PD, the expected LGD and the asset correlation ρ (the
    /// total systematic share: a² + b² with a sector factor).
    public init(pd: Double, meanLGD: Double, rho: Double) {
        precondition(pd > 0 && pd < 1 && meanLGD > 0 && meanLGD <= 1 && rho >= 0 && rho < 1)
        k = (Normal.quantile(pd) - Normal.quantile(pd * meanLGD)) / (1 - rho).squareRoot()
        self.meanLGD = meanLGD
    }

    /// LGD at `Φ(x)` relative to the mean: what the engine multiplies the cohort's fixed loss rate by.
    public func scale(threshold x: Double) -> Double { lgd(threshold: x) / meanLGD }

    /// LGD at the conditional default rate `cDR` in (0, 1).
    public func lgd(conditionalPD cDR: Double) -> Double { lgd(threshold: Normal.quantile(cDR)) }

    /// LGD at the conditional default rate `Φ(x)`, from `x` itself (the engine has it before Φ):
    /// `Φ(x − k)/Φ(x)`, in logs for a deep left tail where both are tiny.
    public func lgd(threshold x: Double) -> Double {
        guard k > 0 else { return 1 }
        let below = Normal.cdf(x - k), at = Normal.cdf(x)
        if at > 1e-300 && below > 1e-300 { return min(1, below / at) }
        return min(1, Self.tailRatio(x, k))
    }

    /// `Φ(x − k)/Φ(x)` far in the left tail, where Φ underflows: Mills-ratio asymptotics,
    /// log Φ(x) ≈ −x²/2 − log(−x√(2π)) (relative error about 1/x²).
    static func tailRatio(_ x: Double, _ k: Double) -> Double {
        exp(-((x - k) * (x - k) - x * x) / 2 - log((k - x) / -x))
    }
}
