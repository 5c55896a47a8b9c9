import Foundation
import RiskModel

/// A fund's constants for the engine (docs/model.md §3.11): its classes of portfolio firms (one per
/// source cohort), steps, per-step fee and exit rates, the ticket law, and the rules cohort of its
/// fund-backed loans.
struct CompiledFund: Sendable {
    struct Class: Sendable {
        /// The cohort whose latent variable (loadings, sector, PD × the fund's multiplier) the firms share.
        let cohort: Int
        /// New firms in each year of its period.
        let byYear: [Int]
        /// The cohort whose rules the firms' loans follow.
        let loanCohort: Int
        /// Grant-to-equity firms (拨投结合) rather than the fund's investments.
        let grant: Bool
    }
    let fund: Fund
    let classes: [Class]
    let stepsPerYear: Int
    /// The budget year (programme or calendar) of each step: the city's cash by year.
    let budgetYear: [Int]
    /// Steps at which new investments are made (the start of each investment year).
    let investmentSteps: Int
    let holdingSteps: Int
    let feePerStep: Double
    /// `Φ⁻¹(1 − exit probability per step)`: a surviving firm exits when its latent variable is above it.
    let exitThreshold: Double
    /// `log` of the PD multiplier (0: none), applied to each step's default threshold.
    let pdMultiplier: Double
    let ticket: CappedLogNormal
    /// Grant-to-equity: steps in which grants are made, the window for the next round, and
    /// `Φ⁻¹(1 − round probability per step)`.
    let grantSteps: Int
    let grantWindowSteps: Int
    let roundThreshold: Double
    /// The most firms the fund can hold (every planned investment and grant made).
    let capacity: Int
    /// Stream purpose (`fund/<name>`): the fund's draws never touch another stream.
    let purpose: UInt32

    init(_ fund: Fund, cohortNames: [String], stepMonths: Int, budgetYears: BudgetYears) {
        self.fund = fund
        let loanCohort = fund.loanCohort.flatMap { cohortNames.firstIndex(of: $0) }
        func make(_ investments: [FundInvestment], grant: Bool) -> [Class] {
            investments.compactMap { inv in
                guard inv.total > 0, let c = cohortNames.firstIndex(of: inv.cohort) else { return nil }
                return Class(cohort: c, byYear: inv.byYear, loanCohort: loanCohort ?? c, grant: grant)
            }
        }
        classes = make(fund.investments, grant: false) + make(fund.grantToEquity?.investments ?? [], grant: true)
        stepsPerYear = 12 / stepMonths
        budgetYear = budgetYears.yearOfStep
        investmentSteps = fund.investmentYears * stepsPerYear
        holdingSteps = fund.holdingYears * stepsPerYear
        feePerStep = fund.managementFee / Double(stepsPerYear)
        let exitPerStep = -expm1(log1p(-fund.exitRatePerYear) / Double(stepsPerYear))
        exitThreshold = exitPerStep > 0 ? Normal.quantile(1 - exitPerStep) : .infinity
        pdMultiplier = fund.pdMultiplier
        ticket = CappedLogNormal(median: fund.ticket.median, sigma: fund.ticket.sigma)
        let grants = fund.grantToEquity
        grantSteps = (grants?.years ?? 0) * stepsPerYear
        grantWindowSteps = (grants?.windowYears ?? 0) * stepsPerYear
        let roundPerStep = -expm1(log1p(-(grants?.roundRatePerYear ?? 0)) / Double(stepsPerYear))
        roundThreshold = roundPerStep > 0 ? Normal.quantile(1 - roundPerStep) : .infinity
        capacity = classes.reduce(0) { $0 + $1.byYear.reduce(0, +) }
        purpose = StreamSeed.purpose("fund/\(fund.name)")
    }

    /// The step's default threshold for the fund's firms from their cohort's: `Φ⁻¹(min(Φ(c) × multiplier, 1 − 1e-12))`.
    func threshold(_ cohortThreshold: Double) -> Double {
        pdMultiplier == 1 ? cohortThreshold : Normal.quantile(min(Normal.cdf(cohortThreshold) * pdMultiplier, 1 - 1e-12))
    }
}
