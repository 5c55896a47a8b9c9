/// How a pool scheme's compensation ratio is chosen for a loan (`programme.compensation`, or a pool's
/// own `compensation`; docs/model.md §2, §3.5): a ratio by loan type (郑科贷: credit 80%,
/// collateralised 60%), revenue tiers, a term bonus, and full compensation of small losses. One type
/// read from YAML (`Programme/Compensation/CompensationReader`), echoed in `scenario.json` and described
/// by the report; its keys are its `CodingKeys`.
public struct CompensationRulesSpec: Codable, Sendable, Equatable {
    public struct Tier: Codable, Sendable, Equatable {
        /// Upper revenue bound of the tier, 万元 (nil = no bound: the last tier).
        public var upTo: Double?
        public var ratio: Double
        public enum CodingKeys: String, SpecKey { case upTo, ratio }
        public init(upTo: Double?, ratio: Double) { (self.upTo, self.ratio) = (upTo, ratio) }
    }

    /// Points added per year of loan term, at most `max` (added to the chosen ratio, total ≤ 1).
    public struct TermBonus: Codable, Sendable, Equatable {
        public var perYear: Double
        public var max: Double
        public enum CodingKeys: String, SpecKey { case perYear, max }
        public init(perYear: Double, max: Double) { (self.perYear, self.max) = (perYear, max) }
    }

    public struct FullCompensation: Codable, Sendable, Equatable {
        /// Losses up to this amount are compensated in full, 万元 (the 2019 郑科贷 bonus: 300万).
        public var upToLoss: Double
        /// Firm types it applies to (their scenario names); empty = all.
        public var types: [String]
        public var profitableOnly: Bool
        public enum CodingKeys: String, SpecKey { case upToLoss, types, profitableOnly }
        public init(upToLoss: Double, types: [String] = [], profitableOnly: Bool = false) {
            (self.upToLoss, self.types, self.profitableOnly) = (upToLoss, types, profitableOnly)
        }
    }

    public enum Choice: String, Codable, Sendable, Equatable, CaseIterable {
        /// The highest ratio among the rules that apply.
        case highest
        /// The first rule that applies, in the order: full compensation, revenue tiers, loan type.
        case first
    }

    public var credit: Double
    public var collateralised: Double
    public var ipPledge: Double?
    public var guaranteed: Double?
    public var revenueTiers: [Tier]
    public var termBonus: TermBonus?
    public var fullCompensation: FullCompensation?
    public var choice: Choice

    public enum CodingKeys: String, SpecKey {
        case credit, collateralised, ipPledge, guaranteed, revenueTiers, termBonus, fullCompensation
        case choice = "choose"
    }

    public init(credit: Double = 0.8, collateralised: Double = 0.6, ipPledge: Double? = nil, guaranteed: Double? = nil,
                revenueTiers: [Tier] = [], termBonus: TermBonus? = nil, fullCompensation: FullCompensation? = nil,
                choice: Choice = .highest) {
        (self.credit, self.collateralised, self.ipPledge, self.guaranteed) = (credit, collateralised, ipPledge, guaranteed)
        (self.revenueTiers, self.termBonus, self.fullCompensation, self.choice) = (revenueTiers, termBonus, fullCompensation, choice)
    }

    /// Whether the rules are only the two type ratios (what `scenario.json` already states as
    /// `ratio_credit` and `ratio_collateralised`).
    public var isTypeRatiosOnly: Bool { self == CompensationRulesSpec(credit: credit, collateralised: collateralised) }

    /// The rules beyond the type ratios in words, in both report languages; `percent` and `money`
    /// format the figures.
    public func describe(chinese zh: Bool, percent: (Double) -> String, money: (Double) -> String) -> [(label: String, value: String)] {
        func say(_ en: String, _ cn: String) -> String { zh ? cn : en }
        var rows: [(String, String)] = []
        if let ipPledge { rows.append((say("Ratio, IP-pledge loans", "补偿比例（知识产权质押贷款）"), percent(ipPledge))) }
        if let guaranteed { rows.append((say("Ratio, guaranteed loans", "补偿比例（担保贷款）"), percent(guaranteed))) }
        if !revenueTiers.isEmpty {
            let tiers = revenueTiers.map { t in
                (t.upTo.map { say("revenue ≤ \(money($0))", "营收 ≤ \(money($0))") } ?? say("above", "以上")) + ": " + percent(t.ratio)
            }
            rows.append((say("Ratio by revenue", "按营收分档比例"), tiers.joined(separator: "; ")))
            rows.append((say("Choice among the rules", "规则取舍"), choice == .highest ? say("the highest ratio that applies", "取适用规则中的最高比例")
                                                                                    : say("the first rule that applies", "取首个适用规则")))
        }
        if let b = termBonus {
            rows.append((say("Term bonus", "期限加成"), say("\(percent(b.perYear)) a year of term, at most \(percent(b.max))",
                                                          "每年期限加 \(percent(b.perYear))，最多 \(percent(b.max))")))
        }
        if let f = fullCompensation {
            let who = f.types.isEmpty ? say("every firm", "所有企业") : FirmTypeWords.list(f.types, chinese: zh)
            rows.append((say("Full compensation", "全额补偿"), say("losses up to \(money(f.upToLoss)) (\(who)\(f.profitableOnly ? ", profitable firms only" : ""))",
                                                                 "损失不超过 \(money(f.upToLoss)) 的全额补偿（\(who)\(f.profitableOnly ? "，仅限盈利企业" : "")）")))
        }
        return rows
    }
}
