import LoanSimFiles

/// The pools' two phases: `claims filed` (a breaker's stop, the per-bank-year cap, then the payout
/// rule: queued, or paid-or-denied under denial) and `payments` (each queue paid by its shortfall rule).
extension PathEngine {
    /// Claims due in step `t` join each pool: denied for a bank whose compensation a breaker stopped,
    /// cut to the bank's remaining per-year allowance, then queued, or paid-or-denied under denial.
    mutating func fileClaims(step t: Int, out: inout PathOutcome) {
        for p in 0..<shape.poolCount {
            for b in 0..<shape.bankCount {
                var amount = claims.take(step: t, pool: p, bank: b)
                guard amount > 0 else { continue }
                out.claimsFiled += amount
                var denied = 0.0
                if ledgers.compensationStopped[b] {
                    denied = amount
                    amount = 0
                } else if bankYearCaps.any {
                    let admitted = bankYearCaps.admit(amount, pool: p, bank: b)
                    denied = amount - admitted
                    amount = admitted
                }
                if amount > 0 {
                    let rest = pools[p].file(amount, bank: b, rule: model.pools[p].shortfall, paidByBank: &ledgers.compensationPaid)
                    denied += rest
                    if rest > 0 { deniedThisStep[p] = true }
                }
                if denied > 0 {
                    out.claimsDenied += denied
                    out.pools[p].denied += denied
                }
            }
        }
    }

    /// Each pool pays its queue (FIFO or pro rata); a claim left unpaid marks the pool depleted.
    mutating func payClaims(step t: Int, out: inout PathOutcome) {
        if !breakers.isEmpty { ledgers.markPaymentsBefore() }
        for p in 0..<shape.poolCount {
            pools[p].payQueue(model.pools[p].shortfall, paidByBank: &ledgers.compensationPaid)
            if (pools[p].hasQueued || deniedThisStep[p]) && out.pools[p].depletionStep < 0 { out.pools[p].depletionStep = t }
        }
    }
}
