import RiskModel

/// How the principal loss of defaulted loans is shared (docs/model.md §3.6), in the order the rules apply:
/// collateral recovery (`share × (1 − haircut)` of the exposure), the unsecured loss (`lgd` of the
/// rest), the shares of a guarantor, insurer and appraiser where the product has them, each pool
/// scheme's claim (`min(ratio × loss, per-loan cap)` per loan, the ratio from the rules or the loss
/// split; all schemes together within the public cap), and the rest to the bank. Compensation covers
/// principal only. The general case runs per loan in `PathEngine.defaultOneLoan`; this is the fast
/// path for plain loans with one paying scheme, where everything but the capped claim is linear in the
/// exposure, so one pass over the size draws gives every total.
struct LossShares {
    var exposure = 0.0
    var recovery = 0.0
    var loss = 0.0
    var poolClaim = 0.0
    var guarantor = 0.0
    var insurer = 0.0
    var appraiser = 0.0
    var bankRetained = 0.0
}

enum LossSharing {
    /// Shares for `count` plain loans of `cohort` defaulting with `factor` of their principal
    /// outstanding (sizes drawn from `rng`), when a unit of exposure loses `lossPerExposure` and the pool
    /// claim is `min(ratio × loss, claimCap)` per loan.
    @inlinable static func shares(cohort: CompiledCohort, count: Int, factor: Double, lossPerExposure: Double, ratio: Double,
                                  claimCap: Double, rng: StreamRef) -> LossShares {
        let sums = cohort.size.sums(count: count, rng: rng, scale: factor, slope: ratio * lossPerExposure, yCap: claimCap)
        var s = LossShares()
        s.exposure = sums.total
        s.loss = sums.total * lossPerExposure
        s.recovery = s.exposure - s.loss
        s.poolClaim = sums.capped
        s.bankRetained = s.loss - s.poolClaim
        return s
    }
}
