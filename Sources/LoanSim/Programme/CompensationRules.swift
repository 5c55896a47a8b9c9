/// The compensation ratio a pool scheme pays on a loan (docs/model.md §2, §3.5).

/// How a compensation ratio is chosen for a loan (per pool scheme).
public struct CompensationRules: Sendable, Equatable {
    public struct Tier: Sendable, Equatable {
        /// Upper revenue bound of the tier, 万元 (nil = no bound: the last tier).
        public var upTo: Double?
        public var ratio: Double
        public init(upTo: Double?, ratio: Double) {
            self.upTo = upTo
            self.ratio = ratio
        }
    }

    public struct FullCompensation: Sendable, Equatable {
        /// Losses up to this amount are compensated in full (the 2019 郑科贷 bonus: 300万).
        public var upToLoss: Double
        public var types: [FirmType]
        public var profitableOnly: Bool
        public init(upToLoss: Double, types: [FirmType] = [], profitableOnly: Bool = false) {
            self.upToLoss = upToLoss
            self.types = types
            self.profitableOnly = profitableOnly
        }
    }

    public enum Choice: String, Sendable, Equatable, CaseIterable {
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
    /// Points added per year of loan term, up to `termBonusMax` (added to the chosen ratio, total ≤ 1).
    public var termBonusPerYear: Double
    public var termBonusMax: Double
    public var fullCompensation: FullCompensation?
    public var choice: Choice

    public init(credit: Double = 0.8, collateralised: Double = 0.6, ipPledge: Double? = nil, guaranteed: Double? = nil,
                revenueTiers: [Tier] = [], termBonusPerYear: Double = 0, termBonusMax: Double = 0,
                fullCompensation: FullCompensation? = nil, choice: Choice = .highest) {
        self.credit = credit
        self.collateralised = collateralised
        self.ipPledge = ipPledge
        self.guaranteed = guaranteed
        self.revenueTiers = revenueTiers
        self.termBonusPerYear = termBonusPerYear
        self.termBonusMax = termBonusMax
        self.fullCompensation = fullCompensation
        self.choice = choice
    }

    /// The ratio by loan type for `cohort`.
    public func typeRatio(_ cohort: Cohort) -> Double {
        if cohort.ipPledge != nil { return ipPledge ?? credit }
        if cohort.guarantee != nil, let guaranteed { return guaranteed }
        return cohort.loanType == .credit ? credit : collateralised
    }

    /// The revenue-tier ratio, if tiers are set and the cohort's revenue is known.
    public func tierRatio(_ cohort: Cohort) -> Double? {
        guard !revenueTiers.isEmpty, let revenue = cohort.revenueWan else { return nil }
        return revenueTiers.first { $0.upTo.map { revenue <= $0 } ?? true }?.ratio
    }

    /// Whether the full-compensation rule applies to the cohort's firms (before the loss test).
    public func fullCompensationApplies(_ cohort: Cohort) -> Bool {
        guard let f = fullCompensation, f.types.isEmpty || f.types.contains(cohort.type) else { return false }
        return !f.profitableOnly || cohort.profitable
    }

    /// The ratio for `cohort` when full compensation does not apply: tier or type by `choice`, plus the
    /// term bonus, at most 1.
    public func baseRatio(_ cohort: Cohort) -> Double {
        let type = typeRatio(cohort)
        let chosen: Double
        if let tier = tierRatio(cohort) {
            chosen = choice == .highest ? max(tier, type) : tier
        } else {
            chosen = type
        }
        let bonus = min(termBonusMax, termBonusPerYear * Double(cohort.termMonths) / 12)
        return min(1, chosen + bonus)
    }
}
