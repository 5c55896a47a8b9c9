/// Shares of a loan's principal loss borne by the pool and by parties other than the bank
/// (`cohorts[].loss_split`): e.g. 4 : 4 : 2 pool : guarantor : bank (郑科贷's guaranteed loans), or
/// 54 : 26 : 16 : 4 pool : bank : insurer : appraiser. With a split, the pool's share replaces the
/// ratio rules for these loans; shares sum to 1. One type read from YAML
/// (`Programme/OtherParties/OtherPartiesReader`), echoed in `scenario.json` with its cohort and
/// described by the report; its keys are its `CodingKeys`.
public struct LossSplitSpec: Codable, Sendable, Equatable {
    public var pool: Double
    public var guarantor: Double
    public var insurer: Double
    public var appraiser: Double
    public var bank: Double

    public enum CodingKeys: String, SpecKey { case pool, guarantor, insurer, appraiser, bank }

    public init(pool: Double, guarantor: Double = 0, insurer: Double = 0, appraiser: Double = 0, bank: Double) {
        (self.pool, self.guarantor, self.insurer, self.appraiser, self.bank) = (pool, guarantor, insurer, appraiser, bank)
    }

    /// 郑科贷's split for a guaranteed loan without one of its own: pool 40%, guarantor 40%, bank 20%.
    public static let zhengkedaiGuaranteed = LossSplitSpec(pool: 0.4, guarantor: 0.4, bank: 0.2)

    public var total: Double { pool + guarantor + insurer + appraiser + bank }
    /// What parties other than the bank bear.
    public var shifted: Double { pool + guarantor + insurer + appraiser }

    /// The split in words, in both report languages: "pool 40% : guarantor 40% : bank 20%", parties
    /// with no share left out.
    public func describe(chinese zh: Bool, percent: (Double) -> String) -> (label: String, value: String) {
        let parts: [(Double, String, String)] = [(pool, "pool", "资金池"), (guarantor, "guarantor", "担保机构"), (insurer, "insurer", "保险机构"),
                                                 (appraiser, "appraiser", "评估机构"), (bank, "bank", "银行")]
        let value = parts.filter { $0.0 > 0 }.map { "\(zh ? $0.2 : $0.1) \(percent($0.0))" }.joined(separator: " : ")
        return (zh ? "损失分担" : "Loss split", value)
    }
}
