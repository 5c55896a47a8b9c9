import LoanSimFiles
/// Programme rules for the compensation of principal losses (郑科贷 by default).
public struct Programme: Sendable, Equatable {
    public var name: String
    public var eligibility: Eligibility
    /// Longest loan term the programme accepts, months; nil = no limit.
    public var maxTermMonths: Int?
    /// The compensation-ratio rules (郑科贷: credit 80%, collateralised 60%); pools may override them.
    public var compensation: CompensationRules
    public var creditRatio: Double {
        get { compensation.credit }
        set { compensation.credit = newValue }
    }
    public var collateralisedRatio: Double {
        get { compensation.collateralised }
        set { compensation.collateralised = newValue }
    }
    /// Per bank per year cap on each pool's compensation; nil = none.
    /// Per-bank yearly cap on each pool's compensation (Programme/BankYearCap).
    public var perBankYearCap: BankYearCapSpec?
    /// Cap on what all pools together pay on one loss, as a share of it (e.g. 80%); nil = none.
    public var publicCap: Double?
    /// Whether a loan may be compensated by more than one pool scheme; if not, the first scheme (in file
    /// order) that covers it pays.
    public var stacking: Bool = false
    /// Recoveries after compensation are returned to the parties pro rata to what they bore (true), or
    /// kept by the bank (false).
    public var clawback: Bool = true
    /// Cap on one loan's claim, 万元.
    public var perLoanCap: Double
    /// Months from default to the claim being filed with the pool.
    public var claimLagMonths: Int
    /// Largest programme loan one firm may hold, 万元: loan sizes are capped at it.
    public var perFirmLimit: Double
    /// Leverage limit k: new loans only while outstanding principal ≤ k × pool balance; nil = none.
    public var leverageLimit: Double?
    /// Access targets by firm type: the share of the type's firms the city aims to give loan access
    /// (2025 city report: 90% of high-tech firms, 70% of tech SMEs). Reported beside the programme's reach.
    public var accessTargets: [FirmType: Double] = [:]

    public init(
        name: String = "郑科贷", eligibility: Eligibility = Eligibility(), maxTermMonths: Int? = nil,
        creditRatio: Double = 0.8, collateralisedRatio: Double = 0.6, perLoanCap: Double = 500,
        claimLagMonths: Int = 3, perFirmLimit: Double = 2000, leverageLimit: Double? = nil
    ) {
        self.name = name
        self.eligibility = eligibility
        self.maxTermMonths = maxTermMonths
        compensation = CompensationRules(credit: creditRatio, collateralised: collateralisedRatio)
        self.perLoanCap = perLoanCap
        self.claimLagMonths = claimLagMonths
        self.perFirmLimit = perFirmLimit
        self.leverageLimit = leverageLimit
    }

    public func ratio(for type: LoanType) -> Double {
        type == .credit ? creditRatio : collateralisedRatio
    }

    /// The ratio rules' base ratio for a cohort (its own override first).
    public func baseRatio(_ cohort: Cohort, rules: CompensationRules? = nil) -> Double {
        cohort.compensationRatio ?? (rules ?? compensation).baseRatio(cohort)
    }
}

/// Which cohorts may borrow under the programme.
public struct Eligibility: Sendable, Equatable {
    /// Firm types admitted; empty = all.
    public var types: [FirmType]
    /// Largest revenue admitted, 万元 (郑科贷: 4亿); nil = no limit.
    public var maxRevenueWan: Double?
    public init(types: [FirmType] = [], maxRevenueWan: Double? = nil) {
        self.types = types
        self.maxRevenueWan = maxRevenueWan
    }

    public func admits(_ cohort: Cohort) -> Bool {
        if cohort.innovationBand?.eligible == false { return false }
        if !types.isEmpty && !types.contains(cohort.type) { return false }
        if let cap = maxRevenueWan, let revenue = cohort.revenueWan, revenue > cap { return false }
        return true
    }
}

/// The risk-compensation pool (风险补偿资金池).
public struct PoolSpec: Sendable, Equatable {
    public var name: String
    public var funders: [Funder]
    public var initialCapital: Double
    /// Scheduled top-ups (Programme/PoolPayout).
    public var topUps: [TopUpSpec]
    /// Annual interest earned on the balance, credited each step before claims are paid.
    public var interestRate: Double
    /// Annual administration fee as a share of the balance (≤ 1% since 2025), charged each step.
    public var adminFeeRate: Double
    /// What the pool does when money runs short (Programme/PoolPayout).
    public var shortfall: ShortfallRule
    /// Pools of one scheme share each claim of that scheme by `share`; default: the pool's own name.
    public var scheme: String?
    public var share: Double = 1
    public var coverage = PoolCoverage()
    /// Ratio rules of this pool's scheme, if they differ from the programme's.
    public var compensation: CompensationRules?
    /// The yearly refill rule besides the schedule (Programme/PoolRefill).
    public var refill: RefillSpec?
    /// The pool's own per-bank-year cap (`pools[].per_bank_year_cap`), on the balance of the loans it
    /// covers; nil: the programme's cap, if any, on the bank's whole programme balance.
    public var perBankYearCap: BankYearCapSpec?

    public var schemeName: String { scheme ?? name }

    public init(name: String = "pool", funders: [Funder] = [Funder(name: "city", share: 1)], initialCapital: Double,
                topUps: [TopUpSpec] = [], interestRate: Double = 0, adminFeeRate: Double = 0, shortfall: ShortfallRule = .fifo) {
        self.name = name
        self.funders = funders
        self.initialCapital = initialCapital
        self.topUps = topUps
        self.interestRate = interestRate
        self.adminFeeRate = adminFeeRate
        self.shortfall = shortfall
    }
}

public struct Funder: Sendable, Equatable {
    public var name: String
    public var share: Double
    public init(name: String, share: Double) {
        self.name = name
        self.share = share
    }
}
