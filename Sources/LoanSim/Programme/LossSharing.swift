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
    /// outstanding (sizes drawn with `sampler`, one generator word each; nil: the fixed size), when a
    /// unit of exposure loses `lossPerExposure` and the pool claim is `min(ratio × loss, claimCap)` per loan.
    @inlinable static func shares(cohort: CompiledCohort, sampler: InversionSampler?, count: Int, factor: Double,
                                  lossPerExposure: Double, ratio: Double, claimCap: Double, rng: StreamRef) -> LossShares {
        let slope = ratio * lossPerExposure
        var exposure = 0.0, claims = 0.0
        if let sampler {
            // The words are drawn in batches first: a call into GSL inside the sum would spill the
            // accumulators to memory on every draw.
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { words in
                var left = count
                while left > 0 {
                    let k = min(left, 64)
                    for i in 0..<k { words[i] = rng.word32() }
                    for i in 0..<k {
                        let x = factor * sampler.value(word: words[i])
                        exposure += x
                        claims += min(slope * x, claimCap)
                    }
                    left -= k
                }
            }
        } else {
            let x = factor * cohort.size.fixed
            exposure = Double(count) * x
            claims = Double(count) * min(slope * x, claimCap)
        }
        var s = LossShares()
        s.exposure = exposure
        s.loss = exposure * lossPerExposure
        s.recovery = s.exposure - s.loss
        s.poolClaim = claims
        s.bankRetained = s.loss - s.poolClaim
        return s
    }
}
