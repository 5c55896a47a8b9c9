import Foundation
import RiskModel
import Testing
@testable import LoanSim

/// A tape's loans are the programme's initial book: their distinct firms count in reach (financed and
/// in the population, by their rules cohort's firm type) and their principal in the lending behind
/// the leverage ratios (docs/model.md §3.10).
@Suite struct TapeReachTests {
    @Test func tapeFirmsAndPrincipalCount() throws {
        // 30 loans to 20 firms (F0–F9 hold two loans each): 20 distinct firms, 30 loans, 30 × 200 万元.
        let rows = (0..<30).map { i in "L\(i),F\(i % 20),a,200,2025-09,24,credit,0.02,," }
        let s = try TapeSimulationTests.load("""
            name: tape-reach
            horizon_months: 12
            banks: [{name: a, share: 1}]
            programme: {per_firm_limit: 2000, per_loan_cap: 500, max_term_months: 36}
            pool: {initial: 3000}
            cohorts:
              - {name: c, type: hightech, firms: 0, pd: 0.02, rho: 0.1, loan_size: {median: 200, sigma: 0}, lgd: 0.6, term_months: 24}
            book: {tape: loans.csv, as_of: 2025-09, rules: {credit: c}}
            """, rows: rows)
        gslStartUp()
        let model = CompiledScenario(s)
        #expect(model.tape?.firmsByType.hightech == 20 && model.tape?.volume == 6000)
        let r = Simulation.runSerial(model, paths: 200, seed: 2)
        for o in r.outcomes {
            #expect(o.distinctFirms.hightech == 20 && o.firmPopulation.hightech == 20 && o.initialLoans == 30)
        }
        let summary = RunSummary(info: RunInfo(loaded: LoadedScenario(scenario: s, file: "t.yaml", sha256: "0"), paths: 200, seed: 2), model: model, result: r)
        // No new lending (no cohort firms): lending per 万元 of capital is the tape's principal over the pool.
        let leverage = try #require(summary.economics.lendingPerCapital)
        #expect(abs(leverage.ratio - 6000.0 / 3000) < 1e-12)
    }
}
