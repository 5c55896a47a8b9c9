/// The guarantors' engine state: what each cohort's guarantor may still pay this year under its
/// payout-rate cap (∞ where it has none). Set in the `open step` phase when a year opens, from the
/// cohort's balance then; drawn down in the `defaults` phase as the guarantor bears its shares.
struct GuarantorAllowances {
    /// Per cohort, 万元.
    let left: UnsafeMutableBufferPointer<Double>

    init(cohorts: Int, memory: EngineMemory) { left = memory.buffer(cohorts, Double.infinity) }

    /// A year opens with `balance` 万元 of cohort `c`'s loans outstanding.
    @inline(__always) func openYear(cohort c: Int, parties: CompiledParties, balance: Double) {
        left[c] = parties.guarantorPayoutCap >= 0 ? parties.guarantorPayoutCap * balance : .infinity
    }
}
