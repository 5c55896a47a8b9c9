/// A government investment fund beside the loan programme (`funds[]`; docs/model.md §3.11), e.g.
/// Zhengzhou's 10亿 angel fund: committed capital (the city's share of it), new investments in the years
/// of its investment period, firms per year by cohort, a lognormal ticket, a follow-on reserve, a
/// management fee and a holding period. Money in 万元, rates annual.
///
/// Each portfolio firm has the latent variable of the cohort it is drawn from (that cohort's factor
/// loadings and sector, its PD times `pdMultiplier`): in each step it fails when the variable falls
/// below the default threshold and exits when it rises above the exit threshold, from one uniform, so
/// failures and exits never coincide and both follow the same factor as the programme's loans. A
/// fund-backed firm that borrows (`borrowShare` of the portfolio, at investment) defaults on its loan
/// exactly when it fails. One type read from YAML (`Programme/Funds/FundReader`), echoed in
/// `scenario.json` and described by the report; its keys are its `CodingKeys`.
public struct FundSpec: Codable, Sendable, Equatable {
    /// New portfolio firms (or grantees) drawn from one cohort, year by year: the deployment schedule.
    public struct Investment: Codable, Sendable, Equatable {
        public var cohort: String
        /// Firms in each year of the investment (or grant) period.
        public var byYear: [Int]
        public enum CodingKeys: String, SpecKey { case cohort, byYear }
        public init(cohort: String, byYear: [Int]) { (self.cohort, self.byYear) = (cohort, byYear) }
        /// The same number of firms in each of `years`.
        public init(cohort: String, firmsPerYear: Int, years: Int) { self.init(cohort: cohort, byYear: Array(repeating: firmsPerYear, count: years)) }
        public var total: Int { byYear.reduce(0, +) }
    }

    /// Initial ticket per firm: lognormal with this median (万元) and σ.
    public typealias Ticket = LogNormalSpec

    /// Share of committed capital kept for follow-ons; a firm alive one year after its first ticket gets
    /// a follow-on of `multiple` × that ticket while the commitment lasts (0: no follow-ons).
    public struct FollowOn: Codable, Sendable, Equatable {
        public var reserve: Double
        public var multiple: Double
        public enum CodingKeys: String, SpecKey { case reserve, multiple }
        public init(reserve: Double, multiple: Double) { (self.reserve, self.multiple) = (reserve, multiple) }
    }

    /// Grant-to-equity (拨投结合): in each of `years` the city grants `amount` (万元) to each cohort's
    /// scheduled number of firms. A grant converts into an equity stake at cost (held by the fund for the
    /// city, then failing, exiting or sold at cost like the fund's firms, but with the city's money) if
    /// the firm raises its next financing round within `windowYears`: the upper tail of its latent
    /// variable, at `roundRatePerYear` unconditionally. Otherwise, or if the firm fails first, it stays a grant.
    public struct Grants: Codable, Sendable, Equatable {
        public var investments: [Investment]
        public var amount: Double
        public var years: Int
        public var roundRatePerYear: Double
        public var windowYears: Int
        public enum CodingKeys: String, SpecKey {
            case investments = "firmsPerYear"
            case amount, years, roundRatePerYear, windowYears
        }
        public init(investments: [Investment], amount: Double, years: Int = 3, roundRatePerYear: Double = 0.25, windowYears: Int = 3) {
            (self.investments, self.amount, self.years, self.roundRatePerYear, self.windowYears) = (investments, amount, years, roundRatePerYear, windowYears)
        }
    }

    public var name: String
    /// Committed capital, 万元, and the city's share of it (the rest from other limited partners).
    public var committed: Double
    public var cityShare: Double
    /// Years from the start of the horizon in which new investments are made.
    public var investmentYears: Int
    /// New portfolio firms in each investment year, by cohort (in the scenario's cohort order).
    public var investments: [Investment]
    public var ticket: Ticket
    public var followOn: FollowOn
    /// Management fee per year: on committed capital during the investment period, then on the cost of
    /// the firms still held.
    public var managementFee: Double
    /// Years a firm is held at most; a firm still held then is sold at cost.
    public var holdingYears: Int
    /// Probability per year that a surviving firm exits (IPO, trade sale), and the exit multiple on its cost.
    public var exitRatePerYear: Double
    public var exitMultiple: ExitMultipleSpec
    /// Fund-backed firms' PD relative to their cohort's.
    public var pdMultiplier: Double
    /// Share of new portfolio firms that take a programme loan at investment, and the cohort whose
    /// rules (loan size, LGD, compensation, term, rate) their loans follow (nil: the firm's own cohort).
    public var borrowShare: Double
    public var loanCohort: String?
    /// Grant-to-equity (拨投结合) alongside the fund (nil: none).
    public var grantToEquity: Grants?

    public enum CodingKeys: String, SpecKey {
        case name, committed, cityShare, investmentYears, investments, ticket, followOn, managementFee, holdingYears,
             exitRatePerYear, exitMultiple, pdMultiplier, borrowShare, loanCohort, grantToEquity
    }

    public init(name: String, committed: Double, cityShare: Double = 1, investmentYears: Int = 4, investments: [Investment],
                ticket: Ticket = .init(median: 500, sigma: 0.5), followOn: FollowOn = .init(reserve: 0, multiple: 0),
                managementFee: Double = 0.02, holdingYears: Int = 7, exitRatePerYear: Double = 0.05,
                exitMultiple: ExitMultipleSpec = .init(paretoAlpha: 1.5, min: 1), pdMultiplier: Double = 1, borrowShare: Double = 0,
                loanCohort: String? = nil, grantToEquity: Grants? = nil) {
        (self.name, self.committed, self.cityShare, self.investmentYears, self.investments) = (name, committed, cityShare, investmentYears, investments)
        (self.ticket, self.followOn, self.managementFee, self.holdingYears) = (ticket, followOn, managementFee, holdingYears)
        (self.exitRatePerYear, self.exitMultiple, self.pdMultiplier, self.borrowShare) = (exitRatePerYear, exitMultiple, pdMultiplier, borrowShare)
        (self.loanCohort, self.grantToEquity) = (loanCohort, grantToEquity)
    }
}
