/// A policy guarantee (政策性担保) or guarantee insurance on a cohort's loans (`cohorts[].guarantee`):
/// an annual fee on the outstanding principal, and the guarantor's payout-rate (代偿率) cap — its
/// payouts in a year are at most `payoutCap` × its guaranteed balance at the start of the year; the
/// excess falls to the bank. One type read from YAML (`Programme/OtherParties/OtherPartiesReader`),
/// echoed in `scenario.json` with its cohort and described by the report; its keys are its `CodingKeys`.
public struct GuaranteeSpec: Codable, Sendable, Equatable {
    /// Annual fee, a share of the outstanding principal.
    public var feeRate: Double
    /// Yearly payouts at most this share of the guaranteed balance at the start of the year; nil = none.
    public var payoutCap: Double?

    public enum CodingKeys: String, SpecKey { case feeRate = "fee", payoutCap }

    public init(feeRate: Double = 0.01, payoutCap: Double? = nil) { (self.feeRate, self.payoutCap) = (feeRate, payoutCap) }

    /// The guarantee in words, in both report languages.
    public func describe(chinese zh: Bool, percent: (Double) -> String) -> [(label: String, value: String)] {
        var rows = [(zh ? "担保费率（年）" : "Guarantee fee (a year)", percent(feeRate))]
        if let cap = payoutCap {
            rows.append(zh ? ("担保代偿率上限", "每年不超过年初在保余额的 \(percent(cap))，超出部分由银行承担")
                           : ("Guarantor's payout cap", "at most \(percent(cap)) of the guaranteed balance at the start of each year; the excess falls to the bank"))
        }
        return rows
    }
}
