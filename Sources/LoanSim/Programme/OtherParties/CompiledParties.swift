import LoanSimFiles

/// The other parties' compile step for one cohort: the loss shares of a guarantor, insurer and
/// appraiser (from the loss split), the guarantee fee and insurance premium per step, and the
/// guarantor's payout-rate cap (−1: none).
public struct CompiledParties: Sendable {
    public let guarantorShare: Double
    public let insurerShare: Double
    public let appraiserShare: Double
    public let guaranteeFeePerStep: Double
    public let guarantorPayoutCap: Double
    public let insurancePremiumPerStep: Double

    init(_ c: Cohort, stepMonths d: Int) {
        guarantorShare = c.lossSplit?.guarantor ?? 0
        insurerShare = c.lossSplit?.insurer ?? 0
        appraiserShare = c.lossSplit?.appraiser ?? 0
        guaranteeFeePerStep = (c.guarantee?.feeRate ?? 0) * Double(d) / 12
        guarantorPayoutCap = c.guarantee?.payoutCap ?? -1
        insurancePremiumPerStep = c.insurancePremium * Double(d) / 12
    }

    /// Whether a guarantor bears part of the cohort's losses.
    @inline(__always) var guaranteed: Bool { guarantorShare > 0 }
}
