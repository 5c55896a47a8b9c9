import Foundation
import LoanSimFiles
import RiskModel
import Testing
@testable import LoanSim

/// A scenario's `target:` (TargetSearch): read with its months resolved, refused with its place, and
/// answered on the run's own paths. The closed form is PlanTests' one-month case: the pool runs dry
/// exactly when the month's claims (50 × defaults) exceed its capital plus the top-up, so the smallest
/// top-up with P(dry) ≤ 5% is the sample's 95% quantile of claims less the capital.
@Suite struct TargetTests {
    static func oneMonth(_ target: String) throws -> Scenario { try scenario(PlanTests.yaml + "\ntarget: \(target)\n") }

    @Test func theTopUpIsTheQuantileOfClaimsLessTheCapital() async throws {
        let s = try Self.oneMonth("{p_depleted: 5%, by: 1, max_top_up: 40000}")
        #expect(s.target == TargetSpec(pDepleted: 0.05, by: 1, pool: s.pools[0].name, maxTopUp: 40000, byMonth: 1, topUpMonth: 1))
        gslStartUp()
        let paths = 4000
        let run = await Simulation.run(CompiledScenario(s), paths: paths, seed: 9, threads: 2)
        let t = try #require(try await TargetSearch.answer(s, result: run, paths: paths, seed: 9, threads: 2))
        let answer = try #require(t.topUp)
        let defaults = run.outcomes.map { Int($0.defaults) }.sorted()
        let k = defaults[paths - 200 - 1]
        // Bisection stops within 0.2% of the range (80 万元) above the sample's edge 50k − 1000.
        #expect(answer >= 50 * Double(k) - 1000 - 1e-9 && answer <= 50 * Double(k) - 1000 + 0.002 * 40000, "\(answer) vs 50 × \(k) − 1000")
        #expect(t.withoutTopUp.value == 0 && t.withoutTopUp.estimate > 0.05 && t.evaluations.first?.value == 0)
        // The run with the answer added meets the target on these paths; its fresh-path check is within noise.
        let with = Simulation.runSerial(CompiledScenario(try TargetSearch.scenario(s, pool: 0, month: 1, adding: answer)), paths: paths, seed: 9)
        #expect(with.outcomes.filter { $0.depletionStep >= 0 }.count <= 200)
        let check = try #require(t.check)
        #expect(check.value == answer && t.checkSeed == 10 && check.estimate <= 0.05 + 4 * check.se)
        #expect(t.se > 0 && t.se < 0.1 * answer)
        // The thread count does not move the answer.
        let one = await Simulation.run(CompiledScenario(s), paths: paths, seed: 9, threads: 1)
        let again = try await TargetSearch.answer(s, result: one, paths: paths, seed: 9, threads: 1)
        #expect(again?.topUp == answer && again?.se == t.se)
    }

    @Test func aTargetMetAsGivenCostsNoSearch() async throws {
        let s = try scenario(PlanTests.yaml.replacingOccurrences(of: "initial: 1000", with: "initial: 100000") + "\ntarget: {p_depleted: 5%, by: 1}\n")
        gslStartUp()
        let run = Simulation.runSerial(CompiledScenario(s), paths: 500, seed: 9)
        let t = try #require(try await TargetSearch.answer(s, result: run, paths: 500, seed: 9, threads: 1))
        #expect(t.topUp == 0 && t.evaluations.count == 1 && t.check == nil)
        let unreachable = try Self.oneMonth("{p_depleted: 1%, by: 1, max_top_up: 10}")
        let dry = Simulation.runSerial(CompiledScenario(unreachable), paths: 500, seed: 9)
        let u = try #require(try await TargetSearch.answer(unreachable, result: dry, paths: 500, seed: 9, threads: 1))
        #expect(u.topUp == nil)
    }

    /// Calendar years with `start:`: `by` ends at the year's last month inside the horizon, the top-up
    /// defaults to the first January; without `start:`, programme years.
    @Test func monthsResolve() throws {
        let base = "name: t\nhorizon_months: 60\nstart: 2025-09\ncohorts:\n  - {name: a, firms: 100, pd: 0.02, rho: 0.1, loan_size: {median: 100, sigma: 0}, term_months: 12}\npool: {initial: 1000}\n"
        let s = try scenario(base + "target: {p_depleted: 5%, by: 2029}\n")
        #expect(s.target?.byMonth == 52 && s.target?.topUpMonth == 5 && s.target?.maxTopUp == 10_000)
        #expect(try scenario(base + "target: {p_depleted: 5%, by: 2030, top_up_month: 2027-03}\n").target.map { ($0.byMonth, $0.topUpMonth) } ?? (0, 0) == (60, 19))
        let plain = try scenario(base.replacingOccurrences(of: "start: 2025-09\n", with: "") + "target: {p_depleted: 5%, by: 3, top_up_month: 7}\n")
        #expect(plain.target?.byMonth == 36 && plain.target?.topUpMonth == 7)
    }

    @Test func badTargetsAreRefusedAtTheirPlace() {
        let base = "name: t\nhorizon_months: 60\nstart: 2025-09\ncohorts:\n  - {name: a, firms: 100, pd: 0.02, rho: 0.1, loan_size: {median: 100, sigma: 0}, term_months: 12}\npool: {initial: 1000}\ntarget:\n"
        expectRefused({ try scenario(base + "  p_depleted: 5%\n  by: 2031\n") }, line: 9, key: "target.by", allowed: "2025 … 2030")
        expectRefused({ try scenario(base + "  p_depleted: 0\n  by: 2029\n") }, line: 8, key: "target.p_depleted", allowed: "0 < x < 1")
        expectRefused({ try scenario(base + "  p_depleted: 5%\n  by: 2027\n  top_up_month: 2028-01\n") }, line: 10, key: "target.top_up_month",
                      allowed: "YYYY-MM from 2025-09 to 2027-12")
        expectRefused({ try scenario(base + "  p_depleted: 5%\n  by: 2027\n  pool: nope\n") }, line: 10, key: "target.pool", allowed: "pool")
        expectRefused({ try scenario(base + "  p_depleted: 5%\n  by: 2027\n  months: 3\n") }, line: 10, key: "target.months", allowed: "p_depleted")
    }
}
