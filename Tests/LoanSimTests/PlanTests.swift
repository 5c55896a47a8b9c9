import Foundation
import Testing
import RiskModel
@testable import LoanSim

/// `loansim plan` against a case with a closed form: one month, claims filed at once, so the pool is
/// depleted exactly when the month's claims exceed its capital, and the smallest capital with
/// P(depleted) ≤ 5% is the 95% quantile of the claims.
@Suite struct PlanTests {
    static let yaml = """
        name: one month
        horizon_months: 1
        seed: 9
        cohorts:
          - {name: a, firms: 5000, pd: 0.3, rho: 0.03, loan_size: {median: 100, sigma: 0}, lgd: 1, term_months: 12}
        programme: {claim_lag_months: 0, compensation: {credit: 0.5}}
        pool: {initial: 1000}
        """

    @Test func smallestCapitalIsTheQuantileOfClaims() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Self.yaml.write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        gslStartUp()
        let paths = 4000
        let target = try ReverseStress.Target("depletion.probability<=0.05", stepMonths: 1)
        let plan = Plan(path: dir + "/s.yaml", keyPath: "pool.initial", target: target, range: 0...40000, relativeTolerance: 0.00025)
        let r = try await plan.run(paths: paths, seed: 9, threads: 2)
        let answer = try #require(r.answer)
        #expect(r.smallest)

        // The sample's own answer: claims are 50 × defaults; the smallest capital C with
        // #{paths: 50·D > C} ≤ 5% is 50 × the smallest k with #{D > k} ≤ 200.
        let base = Simulation.runSerial(CompiledScenario(try plan.scenario(at: 1000)), paths: paths, seed: 9).outcomes
        let defaults = base.map { Int($0.defaults) }.sorted()
        let k = defaults[paths - 200 - 1]
        #expect(defaults.filter { $0 > k }.count <= 200)
        #expect(abs(answer - 50 * Double(k)) <= 0.00025 * 40000 + 1e-9, "answer \(answer) vs 50 × \(k)")

        // The closed form: the 95% quantile of the month's defaults, D | Z ~ Binomial(5000, p(Z)) with
        // p(z) = Φ((Φ⁻¹(q) − √ρ z)/√(1 − ρ)), integrated over Z by Gauss–Hermite; the sample's
        // quantile is within 4 defaults of it (its standard error is about 1 here).
        let q = ConditionalPD.stepPD(annual: 0.3, months: 1), rho = 0.03, n = 5000
        let rule = GaussHermite(nodes: 120)
        func tail(_ k: Int) -> Double {
            rule.expectation { z in
                let p = Normal.cdf((Normal.quantile(q) - rho.squareRoot() * z) / (1 - rho).squareRoot())
                var below = 0.0
                for j in 0...k {
                    below += exp(lgamma(Double(n + 1)) - lgamma(Double(j + 1)) - lgamma(Double(n - j + 1)) + Double(j) * log(p) + Double(n - j) * log1p(-p))
                }
                return max(0, 1 - below)
            }
        }
        var exact = 0
        while tail(exact) > 0.05 { exact += 1 }
        #expect(abs(answer / 50 - Double(exact)) <= 4, "\(answer / 50) defaults vs the exact 95% quantile \(exact)")

        // Fresh paths: at the answer the target holds within its noise; at 95% of it, it fails clearly.
        #expect(r.checks.count == 2)
        #expect(r.checks[0].estimate <= 0.05 + 3 * r.checks[0].se)
        #expect(r.checks[1].value == 0.95 * answer && r.checks[1].estimate > 0.05 + r.checks[1].se, "\(r.checks)")
        #expect(r.se > 0 && r.se < 0.05 * answer)
    }

    /// A ratio: the largest credit ratio whose claims stay within a fixed pool with 95% probability.
    @Test func largestRatioForAFixedPool() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Self.yaml.replacingOccurrences(of: "initial: 1000", with: "initial: 2000").write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        gslStartUp()
        let plan = Plan(path: dir + "/s.yaml", keyPath: "programme.compensation.credit", target: try ReverseStress.Target("depletion.probability<=0.05", stepMonths: 1),
                        range: 0.05...1, relativeTolerance: 0.001)
        let r = try await plan.run(paths: 2000, seed: 9, threads: 2)
        let ratio = try #require(r.answer)
        #expect(!r.smallest)
        // At the answer the q95 of claims is within the pool; the ratio scales claims linearly.
        let base = Simulation.runSerial(CompiledScenario(try plan.scenario(at: 1)), paths: 2000, seed: 9).outcomes
        let losses = base.map(\.grossLoss).sorted()
        let q95 = losses[2000 - 100 - 1]
        #expect(abs(ratio - 2000 / q95) <= 0.001 * 0.95 + 0.02 * ratio, "ratio \(ratio) vs 2000 / \(q95)")
        #expect(r.checks[1].value == ratio * 1.05)
    }

    @Test func yearTargetsParse() throws {
        let t = try ReverseStress.Target("depletion.year3<=0.1", stepMonths: 3)
        #expect(t.metric.description == "depletion.year3" && !t.atLeast && t.threshold == 0.1)
        var o = PathOutcome()
        o.depletionStep = 11   // quarterly steps: step 11 ends month 36, the end of year 3
        #expect(t.metric.numerator.value(o) == 1)
        o.depletionStep = 12
        #expect(t.metric.numerator.value(o) == 0)
        #expect(throws: MetricSelectorError.self) { try ReverseStress.Target("depletion.yearx<=0.1", stepMonths: 1) }
    }

    /// Read for a scenario, `depletion.yearN` counts that scenario's steps (quarterly: year 1 is steps
    /// 0–3), and a year past its horizon is refused, naming the years it has.
    @Test func yearTargetsReadTheScenariosStepsAndHorizon() throws {
        var s = try scenario(PlanTests.yaml)
        s.step = .quarter
        s.horizonMonths = 30
        let t = try ReverseStress.Target("depletion.year1>=0.5", for: s)
        var o = PathOutcome()
        o.depletionStep = 3
        #expect(t.metric.numerator.value(o) == 1)
        o.depletionStep = 4
        #expect(t.metric.numerator.value(o) == 0)
        #expect(try MetricSelector("depletion.year2", for: s).depletionYear == 2)
        do {
            _ = try MetricSelector("depletion.year3", for: s)
            Issue.record("year 3 of a 30-month horizon was accepted")
        } catch let e as MetricSelectorError {
            #expect(e.description.contains("after the scenario's horizon (30 months)") && e.description.contains("depletion.year1 … depletion.year2"))
        }
    }
}

/// `stress --vary KEY.PATH`: the reverse stress test over any numeric key path, on the one-month case.
@Suite struct KeyPathStressTests {
    /// Cutting the pool from its file value (1000万 → ×20 here) toward 0, the first capital at which
    /// P(depleted) ≥ 5% is the sample's 95% quantile of claims, as `plan` finds from the other side.
    @Test func capitalCutFindsTheClaimsQuantile() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("stress-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = dir + "/s.yaml"
        try PlanTests.yaml.replacingOccurrences(of: "initial: 1000", with: "initial: 2亿").write(toFile: file, atomically: true, encoding: .utf8)
        gslStartUp()
        #expect(try ScenarioLoader.value(at: "pool.initial", in: file) == 20_000)
        #expect(try ScenarioLoader.value(at: "cohorts[a].pd", in: file) == 0.3)
        #expect(try ScenarioLoader.value(at: "pool.annual_topup", in: file) == nil)
        let loaded = try ScenarioLoader.load(path: file)
        let search = ReverseStress(base: loaded.scenario, shock: ReverseStress.Shock("pool.initial"), target: try .init("depletion.probability>=0.05", for: loaded.scenario),
                                   limit: 0, tolerance: 5, file: file, start: 20_000)
        let r = try await search.run(paths: 4000, seed: 9, threads: 2)
        let shock = try #require(r.shock)
        let defaults = Simulation.runSerial(CompiledScenario(loaded.scenario), paths: 4000, seed: 9).outcomes.map { Int($0.defaults) }.sorted()
        // Depleted when 50·D > C: P ≥ 5% exactly when C < 50 × the 200th largest D (bisection tolerance 5).
        let edge = 50 * Double(defaults[4000 - 200])
        #expect(shock < edge && edge - shock <= 10, "found \(shock), sample edge \(edge)")
        #expect(r.evaluations.first?.shock == 20_000 && r.evaluations.first!.value < 0.05)
        // A value outside the key's range is refused like a file's.
        let bad = ReverseStress(base: loaded.scenario, shock: .keyPath("pool.initial"), target: try .init("depletion.probability>=0.05", for: loaded.scenario),
                                limit: -100, file: file, start: 20_000)
        await #expect(throws: ScenarioError.self) { try await bad.run(paths: 100, seed: 9, threads: 1) }
    }

    /// A ratio target: with claims filed at once and a pool too large to run dry, the fiscal cost is the
    /// pool's payout, `ratio × loss` on every path, and the firms financed do not depend on the ratio;
    /// on common random numbers the fiscal cost per firm is then exactly linear in the compensation
    /// ratio, so the largest ratio keeping it at or below `0.37 × c` (c: the cost per firm at ratio 1)
    /// is 0.37, to the search's tolerance. A ratio the paths do not define is refused (exit 65).
    @Test func ratioTargetFindsTheLinearAnswer() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plan-ratio-\(UUID())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try PlanTests.yaml.replacingOccurrences(of: "pool: {initial: 1000}", with: "pool: {initial: 100000000}")
            .write(toFile: dir + "/s.yaml", atomically: true, encoding: .utf8)
        gslStartUp()
        let paths = 1000
        let probe = Plan(path: dir + "/s.yaml", keyPath: "programme.compensation.credit", target: try .init("fiscal_cost<=0", stepMonths: 1),
                         range: 0.1...0.9)
        let base = Simulation.runSerial(CompiledScenario(try probe.scenario(at: 0.5)), paths: paths, seed: 9).outcomes
        #expect(base.allSatisfy { $0.fiscalCost == $0.poolPaid && $0.unpaidClaims == 0 })
        let perFirmAtOne = try #require(ComparedFigure("fiscal_cost/distinct_firms_financed", stepMonths: 1).estimate(base)).value / 0.5
        let target = try ReverseStress.Target("fiscal_cost/distinct_firms_financed<=\(0.37 * perFirmAtOne)", stepMonths: 1)
        #expect(target.metric.unit == "万元/firm")
        let plan = Plan(path: dir + "/s.yaml", keyPath: "programme.compensation.credit", target: target, range: 0.1...0.9)
        let r = try await plan.run(paths: paths, seed: 9, threads: 2)
        let answer = try #require(r.answer)
        #expect(!r.smallest && abs(answer - 0.37) <= 0.002 * 0.8 + 1e-9, "answer \(answer)")
        let undefined = Plan(path: dir + "/s.yaml", keyPath: "programme.compensation.credit",
                             target: try .init("pool_paid/linkage_invested<=1", stepMonths: 1), range: 0.1...0.9)
        await #expect(throws: OutputError.self) { try await undefined.run(paths: 50, seed: 9, threads: 1) }
    }
}
