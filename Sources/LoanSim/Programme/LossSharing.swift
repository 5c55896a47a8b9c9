import RiskModel

/// How the principal loss of defaulted loans is shared (MODEL.md §3.6), in the order the rules apply:
/// collateral recovery (`share × (1 − haircut)` of the exposure), the unsecured loss (`lgd` of the
/// rest), the pool claim (`min(ratio × loss, per-loan cap)`, per loan), and the rest to the bank.
/// Compensation covers principal only.
///
/// Everything but the claim is linear in the exposure, so one pass over a group's size draws gives every
/// party's total. New parties (guarantor, insurer, appraiser) add fields here, not to the engine.
struct LossShares {
    var exposure = 0.0
    var recovery = 0.0
    var loss = 0.0
    var poolClaim = 0.0

    /// The bank's uncompensated share of the loss.
    var bankRetained: Double { loss - poolClaim }
}

enum LossSharing {
    /// Shares for `count` loans of `cohort` defaulting with `factor` of their principal outstanding
    /// (sizes drawn from `rng`), when a unit of exposure loses `lossPerExposure`.
    @inlinable static func shares(cohort: CompiledCohort, count: Int, factor: Double, lossPerExposure: Double,
                                  rng: StreamRef) -> LossShares {
        let sums = cohort.size.sums(count: count, rng: rng, scale: factor, slope: cohort.ratio * lossPerExposure,
                                    yCap: cohort.claimCap)
        var s = LossShares()
        s.exposure = sums.total
        s.loss = sums.total * lossPerExposure
        s.recovery = s.exposure - s.loss
        s.poolClaim = sums.capped
        return s
    }
}
