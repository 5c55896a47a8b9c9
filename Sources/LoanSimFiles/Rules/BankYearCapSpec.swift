/// A cap on what each bank may receive from each pool in a year (`programme.per_bank_year_cap`, or one
/// pool's own `pools[].per_bank_year_cap` on the balance of the loans it covers; Henan's
/// 2025 科技贷 rules: min(2% of the bank's programme balance at the end of the prior year, 1,000万)).
/// One type read from YAML (`Programme/BankYearCap/BankYearCapReader`), echoed in `scenario.json` and
/// described by the report; its keys are its `CodingKeys`. Claims above the allowance are denied and
/// borne by the bank (`claims_denied`).
public struct BankYearCapSpec: Codable, Sendable, Equatable {
    /// Share of the bank's programme balance at the start of the year (its prior year-end balance).
    public var shareOfPriorBalance: Double
    /// The most a bank may receive from one pool in a year, 万元.
    public var amount: Double

    public enum CodingKeys: String, SpecKey { case shareOfPriorBalance, amount }

    public init(shareOfPriorBalance: Double, amount: Double) {
        (self.shareOfPriorBalance, self.amount) = (shareOfPriorBalance, amount)
    }

    /// What a bank with `priorBalance` (万元) may receive from one pool in the year.
    @inlinable public func allowance(priorBalance: Double) -> Double { min(shareOfPriorBalance * priorBalance, amount) }

    /// The cap in words, in both report languages; `percent` and `money` format the figures. `ownPool`:
    /// a pool's own cap, on the balance of the loans that pool covers.
    public func describe(chinese zh: Bool, percent: (Double) -> String, money: (Double) -> String, ownPool: Bool = false) -> (label: String, value: String) {
        if ownPool {
            return zh ? ("每家银行每年补偿上限（本资金池）", "本池所覆盖贷款的上年末余额 × \(percent(shareOfPriorBalance)) 与 \(money(amount)) 中的较小者")
                      : ("Cap per bank and year (this pool)", "min(\(percent(shareOfPriorBalance)) × the bank's prior year-end balance of the loans this pool covers, \(money(amount)))")
        }
        return zh ? ("每家银行每年补偿上限（每个资金池）", "上年末项目贷款余额 × \(percent(shareOfPriorBalance)) 与 \(money(amount)) 中的较小者")
                  : ("Cap per bank and year (each pool)", "min(\(percent(shareOfPriorBalance)) × the bank's prior year-end programme balance, \(money(amount)))")
    }
}
