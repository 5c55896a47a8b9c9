import Foundation

/// Invest-loan linkage (投贷联动, `linkage:`; docs/model.md §3.7): for a share of new borrowers the bank
/// (or its partner VC) takes a stake or a warrant (认股选择权) on `stake` of the firm's equity, worth
/// `entryValue` (lognormal) at entry. Exits (IPO, M&A) come from the same latent variable as defaults,
/// in its upper tail: given the factor, a firm exits in a step with probability
/// `Φ((a Z − Φ⁻¹(1 − q_exit)) / √(1 − a²))`, so exits cluster in good states and never coincide with
/// default. An exit pays `stake × entry value × multiple`, the multiple Pareto(α) above `min`; a
/// defaulted firm's equity is worth zero; a warrant costs nothing and pays max(multiple − 1, 0).
/// One type read from YAML (`Programme/Linkage/LinkageReader`), echoed in `scenario.json` and described
/// by the report; its keys are its `CodingKeys`.
public struct LinkageSpec: Codable, Sendable, Equatable {
    public enum Instrument: String, Codable, Sendable, Equatable, CaseIterable { case stake, warrant }

    /// The firm's value at entry, 万元: a lognormal by median and log-sd.
    public typealias EntryValue = LogNormalSpec

    /// The exit multiple on entry value: Pareto(α) above `min`.
    public typealias ExitMultiple = ExitMultipleSpec

    /// Share of borrowers linked (a cohort's `linkage_share` overrides it).
    public var shareOfBorrowers: Double
    /// The stake, a share of the firm.
    public var stake: Double
    public var instrument: Instrument
    public var entryValue: EntryValue
    public var exitRatePerYear: Double
    public var exitMultiple: ExitMultiple

    public enum CodingKeys: String, SpecKey { case shareOfBorrowers, stake, instrument, entryValue, exitRatePerYear, exitMultiple }

    public init(shareOfBorrowers: Double = 0.2, stake: Double = 0.02, instrument: Instrument = .stake,
                entryValue: EntryValue = .init(median: 5000, sigma: 1.0), exitRatePerYear: Double = 0.03,
                exitMultiple: ExitMultiple = .init(paretoAlpha: 1.6, min: 1.0)) {
        (self.shareOfBorrowers, self.stake, self.instrument) = (shareOfBorrowers, stake, instrument)
        (self.entryValue, self.exitRatePerYear, self.exitMultiple) = (entryValue, exitRatePerYear, exitMultiple)
    }

    /// The mean exit multiple, α·min/(α − 1) (finite for α > 1, which the reader requires).
    public var meanMultiple: Double { exitMultiple.mean }

    /// The linkage in words, in both report languages; `percent` and `money` format the figures.
    public func describe(chinese zh: Bool, percent: (Double) -> String, money: (Double) -> String) -> [(label: String, value: String)] {
        func say(_ en: String, _ cn: String) -> String { zh ? cn : en }
        return [
            (say("Linked borrowers", "联动企业占比"), percent(shareOfBorrowers)),
            (say("Instrument", "投资方式"), instrument == .stake ? say("a \(percent(stake)) stake", "\(percent(stake)) 股权")
                                                              : say("a warrant on \(percent(stake)) (pays the gain only)", "\(percent(stake)) 认股权（仅取增值部分）")),
            (say("Entry value", "入股时企业估值"), say("median \(money(entryValue.median)), log-sd \(entryValue.sigma)",
                                                   "中位数 \(money(entryValue.median))，对数标准差 \(entryValue.sigma)")),
            (say("Exit", "退出"), say("\(percent(exitRatePerYear)) a year of surviving firms; multiple Pareto α \(exitMultiple.paretoAlpha) above ×\(exitMultiple.min) (mean ×\(String(format: "%.2f", meanMultiple)))",
                                     "存续企业每年 \(percent(exitRatePerYear))；退出倍数服从帕累托分布（形状参数 \(exitMultiple.paretoAlpha)），不低于 ×\(exitMultiple.min)（均值 ×\(String(format: "%.2f", meanMultiple))）")),
        ]
    }
}
