/// A pool's refill rule besides its top-up schedule (`pools[].refill`), applied when each year opens
/// from the second on: top the pool up to a target, or put back last year's payouts, within an annual
/// budget. One type read from YAML (`Programme/PoolRefill/PoolRefillReader`), echoed in `scenario.json`
/// and described by the report; its keys are its `CodingKeys`.
public struct RefillSpec: Codable, Sendable, Equatable {
    public enum Rule: String, Codable, Sendable, Equatable, CaseIterable {
        /// Top up to `target` 万元.
        case toTarget = "to_target"
        /// Add last year's payouts.
        case lastYearPayouts = "last_year_payouts"
    }

    public var rule: Rule
    /// The balance `to_target` tops up to, 万元 (nil for `last_year_payouts`).
    public var target: Double?
    /// The most added in a year, 万元.
    public var annualBudget: Double

    public enum CodingKeys: String, SpecKey { case rule, target, annualBudget }

    public init(rule: Rule, target: Double? = nil, annualBudget: Double) {
        (self.rule, self.target, self.annualBudget) = (rule, target, annualBudget)
    }

    public static func toTarget(_ target: Double, annualBudget: Double) -> RefillSpec { .init(rule: .toTarget, target: target, annualBudget: annualBudget) }
    public static func lastYearPayouts(annualBudget: Double) -> RefillSpec { .init(rule: .lastYearPayouts, annualBudget: annualBudget) }

    /// What the rule adds when a year opens, given the pool's balance then and last year's payouts (万元).
    @inlinable public func topUp(balance: Double, paidLastYear: Double) -> Double {
        switch rule {
        case .toTarget: return min(annualBudget, max(0, (target ?? 0) - balance))
        case .lastYearPayouts: return min(annualBudget, paidLastYear)
        }
    }

    /// The rule in words, in both report languages; `money` formats an amount.
    public func describe(chinese zh: Bool, money: (Double) -> String) -> (label: String, value: String) {
        switch rule {
        case .toTarget:
            return zh ? ("年度补足规则", "每年补足至 \(money(target ?? 0))，年度上限 \(money(annualBudget))")
                      : ("Yearly refill", "up to \(money(target ?? 0)), at most \(money(annualBudget)) a year")
        case .lastYearPayouts:
            return zh ? ("年度补足规则", "每年补回上年代偿支出，年度上限 \(money(annualBudget))")
                      : ("Yearly refill", "last year's payouts put back, at most \(money(annualBudget)) a year")
        }
    }
}
