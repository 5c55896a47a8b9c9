import Foundation
import RiskModel
import Testing
@testable import LoanSim

/// Tape loans simulated loan by loan (docs/model.md §3.10): the same law as the equivalent cohort, each
/// loan its own PD under thinning, the innovation terms, the tape's dates, and money accounted for.
@Suite struct TapeSimulationTests {
    static let header = "loan_id,firm_id,bank,amount_wan,start,term_months,type,annual_pd,sector,innovation_score"

    /// Loads `yaml` with `rows` as its tape (`loans.csv` beside it).
    static func load(_ yaml: String, rows: [String]) throws -> Scenario {
        try ScenarioLoader.load(path: try LoanTapeTests.folder(tape: ([header] + rows).joined(separator: "\n") + "\n", scenario: yaml)).scenario
    }

    static func identical(_ n: Int, amount: Double, pd: Double, term: Int = 36, start: String = "2025-09", sector: String = "", score: String = "",
                          from: Int = 0) -> [String] {
        (0..<n).map { i in "L\(from + i),F\(from + i),a,\(amount),\(start),\(term),credit,\(pd),\(sector),\(score)" }
    }

    /// N identical tape loans and a cohort of N identical loans: gross loss and pool paid have the same
    /// law (means within 4 SE of their difference; two-sample KS at the 99.9% level). Independent seeds.
    @Test func aTapeOfIdenticalLoansHasTheCohortsLaw() throws {
        let base = """
            name: same-law
            horizon_months: 24
            banks: [{name: a, share: 1}]
            programme: {per_firm_limit: 2000, per_loan_cap: 500, max_term_months: 36}
            pool: {initial: 4000}
            """
        let cohort = try scenario(base + """

            cohorts:
              - {name: c, firms: 400, pd: 0.03, rho: 0.15, loan_size: {median: 250, sigma: 0}, lgd: 0.6, term_months: 36, compensation_ratio: 0.5}
            """)
        let tape = try Self.load(base + """

            cohorts:
              - {name: c, firms: 0, pd: 0.03, rho: 0.15, loan_size: {median: 250, sigma: 0}, lgd: 0.6, term_months: 36, compensation_ratio: 0.5}
            book: {tape: loans.csv, as_of: 2025-09, rules: {credit: c}}
            """, rows: Self.identical(400, amount: 250, pd: 0.03))
        let n = 4000
        let a = simulate(cohort, paths: n, seed: 11).outcomes, b = simulate(tape, paths: n, seed: 12).outcomes
        for key in [\PathOutcome.defaults, \.grossLoss, \.poolPaid, \.bankNetLoss, \.interestIncome] {
            let x = a.map { $0[keyPath: key] }, y = b.map { $0[keyPath: key] }
            let se = (pow(standardError(x), 2) + pow(standardError(y), 2)).squareRoot()
            #expect(abs(mean(x) - mean(y)) <= 4 * se + 1e-9 * abs(mean(x)), "\(key): \(mean(x)) vs \(mean(y)) ± \(se)")
        }
        #expect(mean(a.map(\.defaults)) > 10)
        for key in [\PathOutcome.grossLoss, \.poolPaid] {
            let d = twoSampleKS(a.map { $0[keyPath: key] }, b.map { $0[keyPath: key] })
            #expect(d < ksCritical(n, n), "\(key): KS \(d)")
        }
    }

    /// One class holding two step PDs (20% and, through an innovation band's 1.2× multiplier, 24% a
    /// year: within the class ratio, so thinning decides): over one month each group defaults n·q on
    /// average, q its own step PD (closed form), told apart by their sectors.
    @Test func thinningGivesEachLoanItsOwnPD() throws {
        let s = try Self.load("""
            name: thinning
            horizon_months: 1
            banks: [{name: a, share: 1}]
            programme: {per_firm_limit: 2000, max_term_months: 36}
            innovation_points:
              bands: [{name: hi, min_score: 90, pd_multiplier: 1.2}, {name: lo, min_score: 0}]
            cohorts:
              - {name: c, firms: 0, pd: 0.03, rho: 0.1, loan_size: {median: 100, sigma: 0}, lgd: 1, term_months: 12}
            pool: {initial: 100000}
            book: {tape: loans.csv, as_of: 2025-09, rules: {credit: c}}
            """, rows: Self.identical(300, amount: 100, pd: 0.2, sector: "x", score: "10")
                + Self.identical(300, amount: 100, pd: 0.2, sector: "y", score: "95", from: 300))
        let model = CompiledScenario(s)
        let tape = try #require(model.tape)
        #expect(tape.classCount == 1)
        #expect(s.outputSectors == ["x", "y"])
        let r = simulate(s, paths: 20000, seed: 3).outcomes
        for (k, pd) in [(0, 0.2), (1, 0.24)] {
            let d = r.map { $0.sectorFigure(k, .defaults) }
            let expected = 300 * ConditionalPD.stepPD(annual: pd, months: 1)
            #expect(abs(mean(d) - expected) < 4 * standardError(d), "sector \(k): \(mean(d)) vs \(expected) ± \(standardError(d))")
        }
        // Without thinning (every candidate kept) both would default at the larger PD: the test tells them apart.
        #expect(300 * (ConditionalPD.stepPD(annual: 0.24, months: 1) - ConditionalPD.stepPD(annual: 0.2, months: 1))
                > 10 * standardError(r.map { $0.sectorFigure(0, .defaults) }))
    }

    /// Loans count from their start to their end (one before the book date keeps only its remaining
    /// months; one starting later joins then): with a negligible PD, interest income is exactly the
    /// programme rate on the live balances, month by month.
    @Test func startsAndMaturitiesFollowTheTape() throws {
        let s = try Self.load("""
            name: dates
            horizon_months: 24
            banks: [{name: a, share: 0.5}, {name: b, share: 0.5}]
            programme: {per_firm_limit: 2000, max_term_months: 36}
            cohorts:
              - {name: c, firms: 0, pd: 0.03, rho: 0.1, loan_size: {median: 100, sigma: 0}, lgd: 1, term_months: 12}
            pool: {initial: 1000}
            book: {tape: loans.csv, as_of: 2025-09, rules: {credit: c}}
            """, rows: ["A,FA,a,1000,2025-09,12,credit,1e-12,,", "B,FB,b,500,2025-12,6,credit,1e-12,,", "C,FC,a,800,2025-03,12,credit,1e-12,,"])
        let r = simulate(s, paths: 50, seed: 2)
        let rate = s.bankEconomics.lendingRate / 12
        let expected = rate * (1000 * 12 + 500 * 6 + 800 * 6)
        for o in r.outcomes {
            #expect(o.defaults == 0)
            #expect(close(o.interestIncome, expected, 1e-12), "\(o.interestIncome) vs \(expected)")
            #expect(o.initialLoans == 3)
            #expect(close(o.bankNetIncomeByBank[1], rate * 500 * 6 - (s.bankEconomics.fundingCost + s.bankEconomics.operatingCost) / 12 * 500 * 6, 1e-12))
        }
        let outstanding = (0..<24).map { r.series.column(series: 2, step: $0).first! }
        let live: [Double] = (0..<24).map { t in (t < 12 ? 1000 : 0) + (t >= 3 && t < 9 ? 500 : 0) + (t < 6 ? 800 : 0) }
        // The series holds the outstanding after each step's maturities and starts: the next step's book.
        for t in 0..<23 { #expect(close(Double(outstanding[t]), live[t + 1], 1e-6), "step \(t): \(outstanding[t]) vs \(live[t + 1])") }
    }

    /// A loan in an ineligible innovation band is simulated but claims nothing: the bank bears its loss.
    @Test func ineligibleBandsClaimNothing() throws {
        let s = try Self.load("""
            name: ineligible
            horizon_months: 12
            banks: [{name: a, share: 1}]
            programme: {per_firm_limit: 2000, max_term_months: 36}
            innovation_points:
              bands: [{name: ok, min_score: 60}, {name: out, min_score: 0, eligible: false}]
            cohorts:
              - {name: c, firms: 0, pd: 0.03, rho: 0.1, loan_size: {median: 100, sigma: 0}, lgd: 0.5, term_months: 12, compensation_ratio: 0.8}
            pool: {initial: 100000}
            book: {tape: loans.csv, as_of: 2025-09, rules: {credit: c}}
            """, rows: Self.identical(200, amount: 100, pd: 0.3, sector: "in", score: "70")
                + Self.identical(200, amount: 100, pd: 0.3, sector: "out", score: "20", from: 200))
        #expect(s.book?.warnings.contains { $0.contains("200 loans are in an ineligible innovation band") } == true)
        let r = simulate(s, paths: 300, seed: 5).outcomes
        #expect(r.contains { $0.sectorFigure(1, .defaults) > 0 })
        for o in r {
            #expect(o.sectorFigure(1, .poolClaims) == 0)
            #expect(close(o.sectorFigure(0, .poolClaims), 0.8 * o.sectorFigure(0, .grossLoss), 1e-12))
            #expect(close(o.sectorFigure(0, .grossLoss) + o.sectorFigure(1, .grossLoss), o.grossLoss, 1e-12))
        }
    }

    /// Innovation terms: the band reached, or linear between band minimums with `interpolate`.
    @Test func innovationTermsInterpolate() {
        let bands = [InnovationBand(name: "A", minScore: 90, lineUplift: 0.15, rateDiscount: 0.003, pdMultiplier: 0.7),
                     InnovationBand(name: "B", minScore: 60, lineUplift: 0.05, rateDiscount: 0.001, pdMultiplier: 0.9),
                     InnovationBand(name: "C", minScore: 20, eligible: false, pdMultiplier: 1.3)]
        #expect(InnovationTerms.of(score: 10, bands: bands, interpolate: true) == nil)
        let step = InnovationTerms.of(score: 75, bands: bands, interpolate: false)
        #expect(step?.band.name == "B" && step?.pdMultiplier == 0.9 && step?.lineUplift == 0.05)
        let mid = InnovationTerms.of(score: 75, bands: bands, interpolate: true)
        #expect(close(mid!.pdMultiplier, 0.8, 1e-15) && close(mid!.lineUplift, 0.10, 1e-15) && close(mid!.rateDiscount, 0.002, 1e-15))
        let low = InnovationTerms.of(score: 40, bands: bands, interpolate: true)
        #expect(low?.band.eligible == false && close(low!.pdMultiplier, 1.3 + 0.5 * (0.9 - 1.3), 1e-15))
        #expect(InnovationTerms.of(score: 99, bands: bands, interpolate: true)?.pdMultiplier == 0.7)
    }

    /// The example's by-sector figures add up to the totals on every path, and runs are the same on one
    /// thread or two.
    @Test func sectorsAddUpAndThreadsAgree() async throws {
        let s = try ScenarioLoader.load(path: scenariosDirectory + "/bank-tape-example.yaml").scenario
        let model = CompiledScenario(s)
        let one = await Simulation.run(model, paths: 600, seed: 9, threads: 1)
        let two = await Simulation.run(model, paths: 600, seed: 9, threads: 2)
        for (o, p) in zip(one.outcomes, two.outcomes) {
            #expect(o.grossLoss == p.grossLoss && o.poolPaid == p.poolPaid && o.bySector == p.bySector)
            let k = s.outputSectors.count
            #expect(close((0..<k).reduce(0) { $0 + o.sectorFigure($1, .grossLoss) }, o.grossLoss, 1e-12))
            #expect(close((0..<k).reduce(0) { $0 + o.sectorFigure($1, .defaults) }, o.defaults, 1e-12))
            #expect(close((0..<k).reduce(0) { $0 + o.sectorFigure($1, .poolClaims) }, o.claimsFiled + o.claimsAfterHorizon, 1e-9))
        }
    }
}

/// The tape's linked loans: the linkage leg per loan, with each loan's own stake.
@Suite struct TapeLinkageTests {
    static func yaml(exitRate: String, horizon: Int) -> String {
        """
        name: tape-linkage
        horizon_months: \(horizon)
        banks: [{name: a, share: 1}]
        programme: {per_firm_limit: 2000, max_term_months: 36}
        linkage: {share_of_borrowers: 0, stake: 0.02, entry_value: {median: 5000, sigma: 0.5}, exit_rate_per_year: \(exitRate)}
        cohorts:
          - {name: c, firms: 0, pd: 0.03, rho: 0.1, loan_size: {median: 100, sigma: 0}, lgd: 1, term_months: 12}
        pool: {initial: 100000}
        book: {tape: loans.csv, as_of: 2025-09, rules: {credit: c}}
        """
    }

    static let header = "loan_id,firm_id,bank,amount_wan,start,term_months,type,annual_pd,linked,stake"

    static func load(_ yaml: String, _ rows: [String]) throws -> Scenario {
        try ScenarioLoader.load(path: try LoanTapeTests.folder(tape: ([header] + rows).joined(separator: "\n") + "\n", scenario: yaml)).scenario
    }

    /// Nothing exits or defaults: every stake comes back at cost (at its loan's end or the horizon).
    @Test func stakesComeBackAtCost() throws {
        let rows = (0..<50).map { "L\($0),F\($0),a,100,2025-09,\($0 % 2 == 0 ? 6 : 30),credit,1e-12,true,\($0 % 3 == 0 ? "" : "0.05")" }
        let s = try Self.load(Self.yaml(exitRate: "1e-12", horizon: 24), rows)
        let meanEntry = CappedLogNormal(median: 5000, sigma: 0.5).mean
        let cost = (0..<50).reduce(0.0) { $0 + ($1 % 3 == 0 ? 0.02 : 0.05) * meanEntry }
        for o in simulate(s, paths: 20, seed: 1).outcomes {
            #expect(o.linkedFirms == 50 && o.exits == 0 && o.linkedDefaults == 0)
            #expect(close(o.linkageInvested, cost, 1e-12) && close(o.linkageProceeds, cost, 1e-12) && abs(o.linkageNet) < 1e-9 * cost)
        }
    }

    /// With a negligible PD, exits in one month average n · q_exit (the step's exit probability).
    @Test func exitsFollowTheExitRate() throws {
        let rows = (0..<2000).map { "L\($0),F\($0),a,100,2025-09,12,credit,1e-12,true," }
        let s = try Self.load(Self.yaml(exitRate: "0.3", horizon: 1), rows)
        let x = simulate(s, paths: 4000, seed: 7).outcomes.map(\.exits)
        let expected = 2000 * ConditionalPD.stepPD(annual: 0.3, months: 1)
        #expect(abs(mean(x) - expected) < 4 * standardError(x), "\(mean(x)) vs \(expected) ± \(standardError(x))")
    }

    /// Linked loans without a `linkage:` section are flagged and their equity left out.
    @Test func linkedLoansNeedALinkageSection() throws {
        let yaml = Self.yaml(exitRate: "0.03", horizon: 12).split(separator: "\n").filter { !$0.hasPrefix("linkage:") }.joined(separator: "\n")
        let s = try Self.load(yaml, ["L1,F1,a,100,2025-09,12,credit,0.02,true,"])
        #expect(s.book?.warnings.contains { $0.contains("1 loans are marked linked but the scenario has no linkage") } == true)
        #expect(simulate(s, paths: 5, seed: 1).outcomes.allSatisfy { $0.linkedFirms == 0 })
    }
}
