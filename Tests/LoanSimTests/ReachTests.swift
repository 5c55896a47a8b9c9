import Foundation
import LoanSimFiles
import Testing
@testable import LoanSim
import RiskModel

/// Reach on hand-computed books: no defaults, every firm without a loan applies each month (demand 1),
/// one bank, 12-month bullet loans over 36 months; lending stops in the last month.
@Suite struct ReachTests {
    static func book(renewal: String, entrants: Int = 0, target: String = "") -> String {
        """
        name: reach
        horizon_months: 36
        seed: 5
        cohorts:
          - {name: a, type: hightech, firms: 100, initial_borrowers: 20, pd: 0.000001, rho: 0.1, loan_size: {median: 100, sigma: 0},
             lgd: 1, term_months: 12, demand_per_year: 1, renewal_probability: \(renewal), new_firms_per_year: \(entrants)}
        programme: {claim_lag_months: 0\(target)}
        pool: {initial: 1000}
        """
    }

    static func run(_ yaml: String, paths: Int = 8) throws -> (RunSummary, [PathOutcome]) {
        gslStartUp()
        let s = try ScenarioLoader.parse(yaml: yaml, file: "reach.yaml")
        let model = CompiledScenario(s)
        let r = Simulation.runSerial(model, paths: paths, seed: 5)
        let loaded = LoadedScenario(scenario: s, file: "reach.yaml", sha256: "0")
        return (RunSummary(info: RunInfo(loaded: loaded, paths: paths, seed: 5), model: model, result: r), r.outcomes)
    }

    /// Month 1: the 80 firms without a loan all borrow (first time). The initial 20 loans end in month
    /// 12 and those firms borrow again in month 13 (returning), the 80 end in month 13 and borrow again
    /// in month 14; the same in months 25 and 27 (the 80 end in month 26, after that month's applicants
    /// were drawn). Distinct firms: 100 of 100.
    @Test func withoutRenewalsFirmsReturn() throws {
        let (s, outcomes) = try Self.run(Self.book(renewal: "0"))
        for o in outcomes {
            #expect(o.defaults == 0)
            #expect(o.newFirmsFinanced == 80 && o.renewals == 0 && o.returningBorrowers == 200, "\(o.newFirmsFinanced) \(o.returningBorrowers)")
            #expect(o.loansOriginated == o.newFirmsFinanced + o.renewals + o.returningBorrowers)
            #expect(o.distinctFirms.hightech == 100 && o.firmPopulation.hightech == 100)
        }
        #expect(s.reach.byType.map(\.type) == [.hightech] && s.reach.byType[0].share.mean == 1)
        #expect(s.metric(.distinctFirmsFinanced)?.mean == 100)
        // No path ran dry: not "0.00% ± 0.00%" but the exact 95% interval, whose upper end u has (1 − u)^8 = 0.025.
        #expect(s.depletion.p == 0 && s.depletion.se == 0)
        let u = ProportionInterval.ci95(p: 0, se: 0, paths: 8).high
        #expect(abs(pow(1 - u, 8) - 0.025) < 1e-15 && ProportionInterval.ci95(p: 1, se: 0, paths: 8).low == 1 - u)
        #expect(SummaryTable.probability(s.depletion, s) == "0.00% (95% interval 0.00%–\(SummaryTable.pct(u)))")
        #expect(ProportionInterval.ci95(p: 0.01, se: 0.02, paths: 8) == (0, 0.01 + 1.96 * 0.02))
        // 80 first-time borrowers on every path: the ratio's delta-method se is the fiscal cost's se ÷ 80.
        let perNew = try #require(s.reach.fiscalCostPerNewFirm), fiscal = outcomes.map(\.fiscalCost)
        #expect(close(perNew.ratio, mean(fiscal) / 80, 1e-12) && close(perNew.se, standardError(fiscal) / 80, 1e-12))
    }

    /// Renewing at maturity: the 20 renew in month 12 and 24, the 80 in month 13 and 25: 200 renewals.
    @Test func renewalsAreNotNewFirms() throws {
        let (_, outcomes) = try Self.run(Self.book(renewal: "1"))
        for o in outcomes {
            #expect(o.newFirmsFinanced == 80 && o.renewals == 200 && o.returningBorrowers == 0, "\(o.renewals) \(o.returningBorrowers)")
            #expect(o.distinctFirms.hightech == 100)
        }
    }

    /// One new firm a month (months 1–35), each borrowing the month after it arrives (months 2–35):
    /// 34 more first-time borrowers, 135 firms in all, 134 reached (99.26%): an access target of 99.5%
    /// is met on no path, one of 99% on every path.
    @Test func entrantsAreFirstTimeBorrowers() throws {
        for (target, meets) in [("99.5%", 0.0), ("99%", 1.0)] {
            let (s, outcomes) = try Self.run(Self.book(renewal: "1", entrants: 12, target: ", access_targets: {hightech: \(target)}"))
            for o in outcomes {
                #expect(o.newFirmsFinanced == 80 + 34 && o.firmPopulation.hightech == 135, "\(o.newFirmsFinanced) \(o.firmPopulation.hightech)")
                #expect(o.distinctFirms.hightech == 20 + 80 + 34)
                #expect(o.loansOriginated == o.newFirmsFinanced + o.renewals + o.returningBorrowers)
            }
            let r = try #require(s.reach.byType.first)
            #expect(abs(r.share.mean - 134.0 / 135) < 1e-12 && r.meetsTarget?.p == meets)
        }
    }

    /// With random demand and defaults the split still adds up on every path, and the first-time
    /// borrowers never exceed the firms that had no loan.
    @Test func theSplitAddsUpOnTheBaseline() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let loaded = try ScenarioLoader.load(path: url.appendingPathComponent("scenarios/zhengkedai-baseline.yaml").path)
        gslStartUp()
        let r = Simulation.runSerial(CompiledScenario(loaded.scenario), paths: 300, seed: 2)
        for o in r.outcomes {
            #expect(o.loansOriginated == o.newFirmsFinanced + o.renewals + o.returningBorrowers)
            let initial = loaded.scenario.cohorts.filter { loaded.scenario.programme.eligibility.admits($0) }.reduce(0) { $0 + $1.initialBorrowers }
            let distinct = FirmType.allCases.reduce(0.0) { $0 + o.distinctFirms[$1] }
            #expect(distinct == Double(initial) + o.newFirmsFinanced)
            for t in FirmType.allCases { #expect(o.distinctFirms[t] <= o.firmPopulation[t]) }
        }
    }
}
