import Foundation
import RiskModel

/// A fund's constants for the engine (docs/model.md §3.11): its classes of portfolio firms (one per
/// source cohort), steps, per-step fee and exit rates, the ticket law, and the rules cohort of its
/// fund-backed loans.
struct CompiledFund: Sendable {
    struct Class: Sendable {
        /// The cohort whose latent variable (loadings, sector, PD × the fund's multiplier) the firms share.
        let cohort: Int
        let firmsPerYear: Int
        /// The cohort whose rules the firms' loans follow.
        let loanCohort: Int
    }
    let fund: Fund
    let classes: [Class]
    let stepsPerYear: Int
    /// Steps at which new investments are made (the start of each investment year).
    let investmentSteps: Int
    let holdingSteps: Int
    let feePerStep: Double
    /// `Φ⁻¹(1 − exit probability per step)`: a surviving firm exits when its latent variable is above it.
    let exitThreshold: Double
    /// `log` of the PD multiplier (0: none), applied to each step's default threshold.
    let pdMultiplier: Double
    let ticket: CappedLogNormal
    /// The most firms the fund can hold (every planned investment made).
    let capacity: Int
    /// Stream purpose (`fund/<name>`): the fund's draws never touch another stream.
    let purpose: UInt32

    init(_ fund: Fund, cohortNames: [String], stepMonths: Int) {
        self.fund = fund
        let loanCohort = fund.loanCohort.flatMap { cohortNames.firstIndex(of: $0) }
        classes = fund.investments.compactMap { inv in
            guard inv.firmsPerYear > 0, let c = cohortNames.firstIndex(of: inv.cohort) else { return nil }
            return Class(cohort: c, firmsPerYear: inv.firmsPerYear, loanCohort: loanCohort ?? c)
        }
        stepsPerYear = 12 / stepMonths
        investmentSteps = fund.investmentYears * stepsPerYear
        holdingSteps = fund.holdingYears * stepsPerYear
        feePerStep = fund.managementFee / Double(stepsPerYear)
        let exitPerStep = -expm1(log1p(-fund.exitRatePerYear) / Double(stepsPerYear))
        exitThreshold = exitPerStep > 0 ? Normal.quantile(1 - exitPerStep) : .infinity
        pdMultiplier = fund.pdMultiplier
        ticket = CappedLogNormal(median: fund.ticketMedian, sigma: fund.ticketSigma)
        capacity = classes.reduce(0) { $0 + $1.firmsPerYear } * fund.investmentYears
        purpose = StreamSeed.purpose("fund/\(fund.name)")
    }

    /// The step's default threshold for the fund's firms from their cohort's: `Φ⁻¹(min(Φ(c) × multiplier, 1 − 1e-12))`.
    func threshold(_ cohortThreshold: Double) -> Double {
        pdMultiplier == 1 ? cohortThreshold : Normal.quantile(min(Normal.cdf(cohortThreshold) * pdMultiplier, 1 - 1e-12))
    }
}
