import RiskModel

/// How the principal loss of defaulted loans is shared (docs/model.md §3.6), in the order the rules apply:
/// collateral recovery (`share × (1 − haircut)` of the exposure), the unsecured loss (`lgd` of the
/// rest), the shares of a guarantor, insurer and appraiser where the product has them, each pool
/// scheme's claim (`min(ratio × loss, per-loan cap)` per loan, the ratio from the rules or the loss
/// split; all schemes together within the public cap), and the rest to the bank. Compensation covers
/// principal only. `shares` is the fast
/// path for plain loans with one paying scheme, where everything but the capped claim is linear in the
/// exposure, so one pass over the size draws gives every total. `oneLoan` below is the general case,
/// used per loan by `PathEngine.defaultOneLoan`; `fastPathAgreesWithPerLoanRules` checks that they agree.
struct LossShares {
    var exposure = 0.0
    var recovery = 0.0
    var loss = 0.0
    var poolClaim = 0.0
    var guarantor = 0.0
    var insurer = 0.0
    var appraiser = 0.0
    var bankRetained = 0.0

    mutating func add(_ o: LossShares) {
        exposure += o.exposure
        recovery += o.recovery
        loss += o.loss
        poolClaim += o.poolClaim
        guarantor += o.guarantor
        insurer += o.insurer
        appraiser += o.appraiser
        bankRetained += o.bankRetained
    }
}

enum LossSharing {
    /// Shares for `count` plain loans defaulting with `factor` of their principal outstanding (sizes
    /// drawn with `sampler`, one generator word each; nil: `fixedSize`), when a
    /// unit of exposure loses `lossPerExposure` and the pool claim is `min(ratio × loss, claimCap)` per loan.
    @inlinable static func shares(fixedSize: Double, sampler: InversionSampler.View?, count: Int, factor: Double,
                                  lossPerExposure: Double, ratio: Double, claimCap: Double, rng: StreamRef) -> LossShares {
        let slope = ratio * lossPerExposure
        var exposure = 0.0, claims = 0.0
        if let sampler {
            // In batches and in three passes: the words, the sizes, the sums. A call into GSL or into
            // the sampler's rare exact tail inside the sum would keep the accumulators in memory.
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { words in
                withUnsafeTemporaryAllocation(of: Double.self, capacity: 64) { sizes in
                    var left = count
                    while left > 0 {
                        let k = min(left, 64)
                        rng.words(into: words.baseAddress!, count: k)
                        for i in 0..<k { sizes[i] = sampler.value(word: words[i]) }
                        for i in 0..<k {
                            let x = factor * sizes[i]
                            exposure += x
                            claims += min(slope * x, claimCap)
                        }
                        left -= k
                    }
                }
            }
        } else {
            let x = factor * fixedSize
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

    /// The per-loan path: one loan of cohort `c` at `bank` with exposure `e` at default. Each active
    /// scheme claims `min(ratio × loss, claimCap)`, the ratio 1 for losses within the scheme's
    /// full-compensation bound; all schemes together at most the public cap × loss (scaled down
    /// pro rata); each pool takes its scheme's claim × its routing factor (written to `poolPart`).
    /// The guarantor's share is limited by what it may still pay this year (`guarantorAllowance`,
    /// reduced by the payment); insurer and appraiser take their shares; the bank keeps the rest.
    static func oneLoan(exposure e: Double, lossPerExposure: Double, cohort c: Int, bank: Int, model m: CompiledScenario,
                        guarantorAllowance: inout Double, schemeClaim: inout [Double], poolPart: inout [Double]) -> LossShares {
        let cohort = m.cohorts[c]
        let banks = m.bankShares.count
        let loss = e * lossPerExposure
        var schemeSum = 0.0
        for s in 0..<m.schemes.count {
            schemeClaim[s] = 0
            guard m.schemes.active[(c * banks + bank) * m.schemes.count + s] else { continue }
            let full = m.schemes.fullUpTo[c * m.schemes.count + s]
            let ratio = full >= 0 && loss <= full ? 1 : m.schemes.ratio[c * m.schemes.count + s]
            schemeClaim[s] = min(ratio * loss, m.schemes.claimCap)
            schemeSum += schemeClaim[s]
        }
        if let cap = m.schemes.publicCap, schemeSum > cap * loss {
            let scale = cap * loss / schemeSum
            for s in 0..<m.schemes.count { schemeClaim[s] *= scale }
        }
        var poolTotal = 0.0
        let route = (c * banks + bank) * m.pools.count
        for p in 0..<m.pools.count {
            poolPart[p] = m.schemes.poolFactor[route + p] * schemeClaim[m.schemes.poolScheme[p]]
            poolTotal += poolPart[p]
        }
        var s = LossShares()
        s.exposure = e
        s.loss = loss
        s.recovery = e - loss
        s.poolClaim = poolTotal
        s.guarantor = min(cohort.parties.guarantorShare * loss, guarantorAllowance)
        guarantorAllowance -= s.guarantor
        s.insurer = cohort.parties.insurerShare * loss
        s.appraiser = cohort.parties.appraiserShare * loss
        s.bankRetained = loss - poolTotal - s.guarantor - s.insurer - s.appraiser
        return s
    }
}
