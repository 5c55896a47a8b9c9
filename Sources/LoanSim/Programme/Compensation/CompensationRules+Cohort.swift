import LoanSimFiles

// The compensation rules and a pool's coverage are shared with the report
// (LoanSimFiles/Rules/CompensationRulesSpec.swift, PoolCoverageSpec.swift); these names keep the
// scenario's vocabulary, and these extensions apply them to a cohort (docs/model.md §3.5).
public typealias CompensationRules = CompensationRulesSpec
public typealias PoolCoverage = PoolCoverageSpec

extension CompensationRulesSpec {
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
        guard let f = fullCompensation, f.types.isEmpty || f.types.contains(cohort.type.rawValue) else { return false }
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
        let bonus = min(termBonus?.max ?? 0, (termBonus?.perYear ?? 0) * Double(cohort.termMonths) / 12)
        return min(1, chosen + bonus)
    }
}

extension PoolCoverageSpec {
    public func covers(cohort: Cohort) -> Bool {
        (cohorts.isEmpty || cohorts.contains(cohort.name)) && (types.isEmpty || types.contains(cohort.type.rawValue))
    }
    public func covers(bank: String) -> Bool { banks.isEmpty || banks.contains(bank) }
}
