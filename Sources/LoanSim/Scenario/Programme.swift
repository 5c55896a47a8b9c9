/// Programme rules for the compensation of principal losses (郑科贷 by default).
public struct Programme: Sendable, Equatable {
    public var name: String
    public var eligibility: Eligibility
    /// Longest loan term the programme accepts, months; nil = no limit.
    public var maxTermMonths: Int?
    /// Compensation ratio by loan type (郑科贷: credit 80%, collateralised 60%).
    public var creditRatio: Double
    public var collateralisedRatio: Double
    /// Cap on one loan's claim, 万元.
    public var perLoanCap: Double
    /// Months from default to the claim being filed with the pool.
    public var claimLagMonths: Int
    /// Largest programme loan one firm may hold, 万元: loan sizes are capped at it.
    public var perFirmLimit: Double
    /// Leverage limit k: new loans only while outstanding principal ≤ k × pool balance; nil = none.
    public var leverageLimit: Double?

    public init(
        name: String = "郑科贷", eligibility: Eligibility = Eligibility(), maxTermMonths: Int? = nil,
        creditRatio: Double = 0.8, collateralisedRatio: Double = 0.6, perLoanCap: Double = 500,
        claimLagMonths: Int = 3, perFirmLimit: Double = 2000, leverageLimit: Double? = nil
    ) {
        self.name = name
        self.eligibility = eligibility
        self.maxTermMonths = maxTermMonths
        self.creditRatio = creditRatio
        self.collateralisedRatio = collateralisedRatio
        self.perLoanCap = perLoanCap
        self.claimLagMonths = claimLagMonths
        self.perFirmLimit = perFirmLimit
        self.leverageLimit = leverageLimit
    }

    public func ratio(for type: LoanType) -> Double {
        type == .credit ? creditRatio : collateralisedRatio
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
    public var topUps: [TopUp]
    /// Annual interest earned on the balance, credited each step before claims are paid.
    public var interestRate: Double
    /// Annual administration fee as a share of the balance (≤ 1% since 2025), charged each step.
    public var adminFeeRate: Double
    public var shortfall: ShortfallRule

    public init(name: String = "pool", funders: [Funder] = [Funder(name: "city", share: 1)], initialCapital: Double,
                topUps: [TopUp] = [], interestRate: Double = 0, adminFeeRate: Double = 0, shortfall: ShortfallRule = .fifo) {
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

/// A scheduled top-up paid in at the start of `month` (1-based).
public struct TopUp: Sendable, Equatable {
    public var month: Int
    public var amount: Double
    public init(month: Int, amount: Double) {
        self.month = month
        self.amount = amount
    }
}

/// What the pool does when its balance cannot pay the claims due.
public enum ShortfallRule: String, Sendable, Equatable, CaseIterable {
    /// Claims wait in filing order and are paid, partly if need be, as money arrives.
    case fifo
}
