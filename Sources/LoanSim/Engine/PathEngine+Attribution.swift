/// Keeping who drew on the pools (`PathAttribution`): each group of defaults' claims within the
/// horizon and kept loss, by cohort and by output sector, and the IP recoveries returned to its bank,
/// in the defaults workspace's running sums (`AttributionSums`); the path's figures at its end.
extension PathEngine {
    /// Defaults booked at `bank` with their `shares` (the pools' parts in `groupPool`), filed in step
    /// `filing`: by sector always (−1: the "no sector" part), by cohort when `cohort` is known (the
    /// fast path's merged classes record their cohorts as they are added: `attributeFastDefaults`).
    @inline(__always) func attributeDefaults(_ shares: LossShares, bank: Int, filing: Int, cohort: Int, sector: Int) {
        let inHorizon = filing < work.hot.stepCount, pool = work.groupPool
        let kept = shares.loss - shares.guarantor - shares.insurer - shares.appraiser
        if shape.sectorParts > 0 {
            work.sectorSums.record(part: sector >= 0 ? sector : shape.sectorParts - 1, bank: bank, kept: kept) { inHorizon ? pool[$0] : 0 }
        }
        if cohort >= 0 && shape.cohortParts > 0 { work.cohortSums.record(part: cohort, bank: bank, kept: kept) { inHorizon ? pool[$0] : 0 } }
    }

    /// The fast path's defaults of cohort `c` at `bank` in step `t`, before they join their class: the
    /// pool claim before routing (within the horizon; `AttributionSums` applies the routing) and the
    /// loss the bank keeps.
    @inline(__always) func attributeFastDefaults(_ shares: LossShares, cohort c: Int, bank: Int, step t: Int) {
        let claim = t + work.hot.claimLag[c] < work.hot.stepCount ? shares.poolClaim : 0
        work.cohortSums.recordUnrouted(part: c, bank: bank, claim: claim, kept: shares.loss - shares.guarantor - shares.insurer - shares.appraiser)
    }

    /// An IP recovery of `amount` returned within the horizon to the bank of a loan of cohort `c`, sector `sector`.
    @inline(__always) func attributeIPRecovery(_ amount: Double, cohort c: Int, sector: Int) {
        if shape.cohortParts > 0 { work.cohortSums.recordIPRecovery(part: c, amount) }
        if shape.sectorParts > 0 { work.sectorSums.recordIPRecovery(part: sector >= 0 ? sector : shape.sectorParts - 1, amount) }
    }

    /// The path's end: the parts' payouts and net losses.
    func closeAttribution(_ out: inout PathOutcome) {
        guard shape.cohortParts > 0 || shape.sectorParts > 0 else { return }
        let paid = pools.map(\.paidToBank)
        out.cohortAttribution = work.cohortSums.close(paidToBank: paid)
        out.sectorAttribution = work.sectorSums.close(paidToBank: paid)
    }
}
