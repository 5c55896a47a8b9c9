import Foundation
import RiskModel
import Testing
@testable import LoanSim

/// The city's view of its funds: cash by year kept apart from what the funds still hold at cost, and
/// the IRR given by its median and quartiles (docs/model.md §3.11).
@Suite struct FundCashTests {
    static func summary() throws -> (RunSummary, SimulationResult) {
        let s = try scenario("""
            name: fund-cash
            horizon_months: 60
            \(FundTests.cohorts)
            funds:
              - {name: f, committed: 60000, city_share: 0.4, investment_years: 3, investments: {a: 10, b: 5}, ticket: {median: 800, sigma: 0.6},
                 exit_rate_per_year: 0.12, holding_years: 7}
            """)
        gslStartUp()
        let model = CompiledScenario(s)
        let r = Simulation.runSerial(model, paths: 600, seed: 4)
        return (RunSummary(info: RunInfo(loaded: LoadedScenario(scenario: s, file: "f.yaml", sha256: "0"), paths: 600, seed: 4), model: model, result: r), r)
    }

    /// Each year's "funds" is cash only (the city's share of contributions less distributions), the
    /// holdings at cost appear once, in the last year, apart; and cash less holdings is the city's
    /// result, mean for mean (means are linear: equal to rounding).
    @Test func cashByYearLessHoldingsIsTheCitysResult() throws {
        let (summary, r) = try Self.summary()
        let years = summary.cityCombined
        #expect(years.count == 5)
        #expect(years.dropLast().allSatisfy { $0.holdingsAtCost == nil })
        let held = try #require(years.last?.holdingsAtCost)
        let fund = r.outcomes.map { $0.funds[0] }
        let navShare = mean(fund.map { 0.4 * $0.nav + $0.grantNav })
        #expect(abs(held.mean - navShare) <= 1e-9 * navShare && held.mean > 0)
        let cash = years.reduce(0) { $0 + $1.funds.mean }
        let result = try #require(summary.funds[0].figures.first { $0.key == "city_result" }).summary.mean
        #expect(abs(cash - held.mean - result) <= 1e-9 * abs(cash), "cash \(cash) − held \(held.mean) ≠ result \(result)")
        for y in years {
            #expect(abs(y.combined.mean - y.fiscalCost.mean - y.funds.mean) <= 1e-9 * max(1, abs(y.combined.mean)))
        }
        // The first year is mostly calls: cash goes in.
        #expect(years[0].funds.mean > 0)
    }

    /// The IRR's quartiles are the type-7 quantiles of the defined IRRs: P50 equals the summary's median.
    @Test func irrQuartiles() throws {
        let (summary, r) = try Self.summary()
        let f = summary.funds[0]
        let q = try #require(f.irrQuartiles)
        let irr = r.outcomes.map { $0.funds[0].irr }.filter(\.isFinite).sorted()
        #expect(q == [0.25, 0.5, 0.75].map { SampleSummary.quantile(sorted: irr, $0) })
        #expect(q[0] <= q[1] && q[1] <= q[2] && q[1] == f.irr?.q50)
        #expect(f.irrDefined == Double(irr.count) / 600)
    }
}
