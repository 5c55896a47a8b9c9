import Foundation
import Testing
@testable import LoanSim

/// The city's funds beside the loans (docs/model.md §3.11).
@Suite struct FundTests {
    static let cohorts = """
        cohorts:
          - {name: a, firms: 3000, pd: 0.04, rho: 0.2, loan_size: {median: 200, sigma: 0.8}, term_months: 24, demand_per_year: 0.3}
          - {name: b, firms: 2000, pd: 0.06, rho: 0.15, loan_size: {median: 100, sigma: 0.5}, term_months: 12, demand_per_year: 0.3}
        pool: {initial: 20000}
        """

    /// With no exits and no failures every firm is sold at cost at the end of its holding period or held
    /// at cost at the horizon: distributions + NAV are exactly what was invested (paid-in less fees), so
    /// TVPI = (paid-in − fees)/paid-in and the IRR is negative (the fees are lost).
    @Test func withoutExitsOrFailuresTheFundReturnsPaidInLessFees() throws {
        let s = try scenario("""
            name: fund-at-cost
            horizon_months: 96
            \(Self.cohorts)
            funds:
              - {name: f, committed: 100000, investment_years: 3, investments: {a: 10, b: 4}, ticket: {median: 1000, sigma: 0},
                 follow_on: {reserve: 0.3, multiple: 0.5}, management_fee: 0.02, holding_years: 6, exit_rate_per_year: 0,
                 pd_multiplier: 0.000001}
            """)
        for o in simulate(s, paths: 50).outcomes {
            let f = o.funds[0]
            #expect(f.firms == 42 && f.failures == 0 && f.exits == 0)
            #expect(f.invested == 42 * 1500, "every firm got its follow-on of half its ticket")
            #expect(f.distributions + f.nav == f.invested)
            #expect(f.soldAtCost == 28 && f.nav == 14 * 1500, "the first two years' firms sold at cost, the third year's held")
            #expect(close(f.paidIn - f.fees, f.invested, 1e-12) && f.fees > 0)
            #expect(close(f.tvpi, f.invested / f.paidIn, 1e-12) && f.irr < 0)
        }
        // With lognormal tickets the identity holds to rounding.
        let t = try scenario("""
            name: fund-at-cost-lognormal
            horizon_months: 60
            \(Self.cohorts)
            funds:
              - {name: f, committed: 50000, investments: {a: 8}, ticket: {median: 900, sigma: 0.7}, exit_rate_per_year: 0,
                 pd_multiplier: 0.000001}
            """)
        for o in simulate(t, paths: 50).outcomes {
            #expect(close(o.funds[0].distributions + o.funds[0].nav, o.funds[0].paidIn - o.funds[0].fees, 1e-12))
        }
    }

    /// A deployment schedule: a list of firms for each investment year instead of one number. With fixed
    /// tickets, no fee and no follow-on (none without a `follow_on:` key) the calls are the tickets.
    @Test func aDeploymentScheduleSetsEachYearsFirms() throws {
        let s = try scenario("""
            name: schedule
            horizon_months: 48
            \(Self.cohorts)
            funds:
              - {name: f, committed: 1e6, investment_years: 3, investments: {a: [5, 0, 10], b: 2}, ticket: {median: 100, sigma: 0},
                 exit_rate_per_year: 0, pd_multiplier: 0.000001, management_fee: 0}
            """)
        #expect(s.funds[0].investments.map(\.byYear) == [[5, 0, 10], [2, 2, 2]])
        for o in simulate(s, paths: 20).outcomes {
            #expect(o.funds[0].firms == 21 && o.funds[0].cityNetByYear == [700, 200, 1200, 0])
        }
    }

    /// Exits come from the upper tail of the firms' latent variable and failures from its lower tail, so
    /// exits cluster in good years and failures in bad ones: with the factor fixed at +2 the fund sees
    /// more than 5× the exits and under a fifth of the failures it sees at −2. On a random factor, a
    /// path's exits and its programme defaults are negatively correlated beyond 4 SE (1/√n).
    @Test func exitsClusterInGoodStatesAndFailuresInBad() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("fund-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let fund = """
            funds:
              - {name: f, committed: 1e6, investment_years: 1, investments: {a: 300}, ticket: {median: 100, sigma: 0},
                 exit_rate_per_year: 0.1, holding_years: 10}
            """
        func run(_ z: Double) throws -> [FundOutcome] {
            try "step,z\n1,\(z)\n2,\(z)\n".write(toFile: dir + "/z.csv", atomically: true, encoding: .utf8)
            try "name: states\nhorizon_months: 24\nstep: year\nmacro: {path_file: z.csv}\n\(Self.cohorts)\n\(fund)\n"
                .write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
            return simulate(try ScenarioLoader.load(path: dir + "/s.yaml").scenario, paths: 200).outcomes.map { $0.funds[0] }
        }
        let good = try run(2), bad = try run(-2)
        #expect(mean(good.map(\.exits)) > 5 * mean(bad.map(\.exits)))
        #expect(mean(bad.map(\.failures)) > 5 * mean(good.map(\.failures)))

        let s = try scenario("name: random\nhorizon_months: 24\n\(Self.cohorts)\n\(fund)\n")
        let outcomes = simulate(s, paths: 1000).outcomes
        let r = correlation(outcomes.map { $0.funds[0].exits }, outcomes.map(\.defaults))
        #expect(r < -4 / Double(outcomes.count).squareRoot(), "corr(exits, defaults) = \(r)")
        let q = correlation(outcomes.map { $0.funds[0].failures }, outcomes.map(\.defaults))
        #expect(q > 4 / Double(outcomes.count).squareRoot(), "corr(failures, defaults) = \(q)")
    }

    /// The fund draws only from its own stream: adding one whose firms take no loans leaves every other
    /// number of every path as it was (so summary.json, paths.csv and timeseries.csv differ only by the
    /// fund's block and columns). With fund-backed loans, the cohorts' own defaults stay path for path.
    @Test func aFundLeavesEverythingElseAsItWas() throws {
        let base = "name: same\nhorizon_months: 48\n\(Self.cohorts)\n"
        let fund = "funds:\n  - {name: f, committed: 50000, investments: {a: 10, b: 5}, ticket: {median: 500, sigma: 0.6}, exit_rate_per_year: 0.1"
        let without = simulate(try scenario(base), paths: 300)
        let with = simulate(try scenario(base + fund + "}\n"), paths: 300)
        let lending = simulate(try scenario(base + fund + ", borrow_share: 0.6, loan_cohort: b}\n"), paths: 300)
        for i in without.outcomes.indices {
            var o = with.outcomes[i]
            #expect(!o.funds.isEmpty && o.funds[0].firms > 0)
            o.funds = []
            #expect(o == without.outcomes[i])
            let l = lending.outcomes[i]
            #expect(l.fundBackedLoans > 0 || l.funds[0].loans == 0)
            #expect(l.defaults - l.funds[0].loanDefaults == without.outcomes[i].defaults)
        }
        #expect(with.series.values == without.series.values)
        #expect(lending.outcomes.reduce(0) { $0 + $1.funds[0].loanDefaults } > 0)
    }

    /// Grant-to-equity (拨投结合): a grant converts into a stake at cost if the firm raises its next round
    /// within the window, otherwise it stays a grant. With no failures, exits or sales, every converted
    /// stake is still held at cost, so grant NAV = converted × amount exactly; the city pays each year's
    /// grants in that year and gets nothing back, and its result is the grants that stayed grants. At a
    /// round rate of 50% a year over a two-year window, 1 − 0.5² = 75% convert (within 4 SE over paths;
    /// cohort c has ρ = 0: with ρ > 0 the steps' round probabilities move together with the persistent
    /// factor and fewer firms convert at least once).
    @Test func grantsConvertAtTheNextRoundOrStayGrants() throws {
        let s = try scenario("""
            name: grants
            horizon_months: 72
            cohorts:
              - {name: c, firms: 100, pd: 0.04, rho: 0, loan_size: {median: 100, sigma: 0}, term_months: 12}
            pool: {initial: 20000}
            funds:
              - {name: g, committed: 1000, investments: {c: 0}, management_fee: 0, exit_rate_per_year: 0, holding_years: 10, pd_multiplier: 0.000001,
                 grant_to_equity: {firms_per_year: {c: 10}, amount: 200, years: 3, round_rate_per_year: 0.5, window_years: 2}}
            """)
        let outcomes = simulate(s, paths: 400).outcomes
        for o in outcomes {
            let g = o.funds[0]
            #expect(g.firms == 0 && g.paidIn == 0 && g.grants == 30 && g.grantsPaid == 6000 && g.grantFailures == 0)
            #expect(g.grantProceeds == 0 && g.grantNav == g.grantsConverted * 200)
            #expect(g.cityNetByYear == [2000, 2000, 2000, 0, 0, 0])
            #expect(g.cityResult(share: 1) == (30 - g.grantsConverted) * 200)
        }
        let share = outcomes.map { $0.funds[0].grantsConverted / 30 }
        #expect(abs(mean(share) - 0.75) < 4 * standardError(share), "converted \(mean(share)) ± \(standardError(share))")
    }

    /// The IRR of hand-computed cash flows: −100 now and +121 in two years is 10% a year; −100, +60
    /// after one year and +60 after two solves 100 = 60/(1+r) + 60/(1+r)², r = (3 + √69)/10 − 1... i.e.
    /// 1/(1+r) = (−60 + √(3600 + 24000))/120; no inflow or no outflow: undefined.
    @Test func irrOfHandComputedFlows() {
        var monthly = [Double](repeating: 0, count: 25)
        monthly[0] = -100
        monthly[24] = 121
        #expect(abs(FundIRR.annual(monthly, stepMonths: 1)! - 0.1) < 1e-10)
        let v = (-60 + (3600 + 24_000.0).squareRoot()) / 120
        #expect(abs(FundIRR.annual([-100, 60, 60], stepMonths: 12)! - (1 / v - 1)) < 1e-10)
        #expect(abs(FundIRR.annual([-100, 0, 0, 0, 100], stepMonths: 3)!) < 1e-10)
        #expect(FundIRR.annual([-100, 0, 0], stepMonths: 12) == nil && FundIRR.annual([0, 10], stepMonths: 12) == nil)
    }

    /// Bad fund sections are refused with the key and the allowed range.
    @Test(arguments: [
        ("{name: f, investments: {a: 10}}", "funds[0].committed", "required key is missing"),
        ("{name: f, committed: nan, investments: {a: 10}}", "funds[0].committed", "expected an amount, found 'nan'"),
        ("{name: f, committed: 1e5, investments: {z: 10}}", "funds[0].investments.z", "unknown key 'z'"),
        ("{name: f, committed: 1e5, investments: {a: 0}}", "funds[0].investments", "invests in no firm"),
        ("{name: f, committed: 1e5, investments: {a: 5}, investment_years: 9}", "funds[0].investment_years", "longer than the 60-month horizon"),
        ("{name: f, committed: 1e5, investments: {a: 5}, exit_multiple: {pareto_alpha: 1}}", "funds[0].exit_multiple.pareto_alpha", "out of range"),
        ("{name: f, committed: 1e5, investments: {a: 5}, loan_cohort: c}", "funds[0].loan_cohort", "unknown cohort 'c'"),
        ("{name: f, committed: 1e5, investments: {a: 5}, borrow_share: 1.5}", "funds[0].borrow_share", "out of range"),
        ("{name: f, committed: 1e5, investments: {a: 5}, managment_fee: 0.02}", "funds[0].managment_fee", "did you mean 'management_fee'"),
        ("{name: f, committed: 1e5, investments: {a: 2.5}}", "funds[0].investments.a", "expected a whole number, found '2.5'"),
        ("{name: f, committed: 1e5, investments: {a: [1, 2]}, investment_years: 3}", "funds[0].investments.a", "a schedule of 2 years for a 3-year period"),
        ("{name: f, committed: 1e5, investments: {a: [1, x, 2]}, investment_years: 3}", "funds[0].investments.a[1]", "expected a whole number of firms"),
        ("{name: f, committed: 1e5, investments: {a: 20000}}", "funds[0].investments.a", "value 20000 is out of range"),
        ("{name: f, committed: 1e5, investments: {a: 10000, b: 10000}, investment_years: 5, grant_to_equity: {firms_per_year: {a: 10}, amount: 1}}",
         "funds[0].investments", "would hold 100030 firms"),
        ("{name: f, committed: 1e5, investments: {a: 1}, grant_to_equity: {amount: 100}}", "funds[0].grant_to_equity.firms_per_year", "required key is missing"),
    ])
    func badFundsAreRefused(_ fund: String, _ keyPath: String, _ message: String) throws {
        do {
            _ = try scenario("name: bad\nhorizon_months: 60\n\(Self.cohorts)\nfunds:\n  - \(fund)\n")
            Issue.record("accepted \(fund)")
        } catch let e as ScenarioError {
            #expect(e.issues.contains { $0.keyPath == keyPath && $0.message.contains(message) }, "\(e.issues)")
        }
    }

    func correlation(_ x: [Double], _ y: [Double]) -> Double {
        let mx = mean(x), my = mean(y)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices {
            sxy += (x[i] - mx) * (y[i] - my)
            sxx += (x[i] - mx) * (x[i] - mx)
            syy += (y[i] - my) * (y[i] - my)
        }
        return sxy / (sxx * syy).squareRoot()
    }
}
