import Foundation
import LoanSimFiles
import RiskModel

/// The answer to a scenario's `target:` (docs/model-choices.md): the smallest single top-up, paid into
/// the target's pool at the start of its month, that brings P(the pool runs dry by the end of the
/// target's year) to at most its bound. The run's own paths are the search's (common random numbers):
/// the run itself is the evaluation at no top-up, so a target already met costs nothing more; else
/// `Plan`'s bisection on the same seed, its standard error by the delta method, and a recheck of the
/// answer on fresh paths (the next seed).
public struct TargetAnswer: Sendable {
    public let spec: TargetSpec
    /// P(depleted by the target's month) on the run's paths without a top-up.
    public let withoutTopUp: Plan.Evaluation
    /// The smallest top-up that meets the target, 万元: 0 when none is needed, nil when even `max_top_up` does not.
    public let topUp: Double?
    public let se: Double
    /// Every evaluation on the run's paths, the run itself first.
    public let evaluations: [Plan.Evaluation]
    /// The answer on fresh paths (seed `checkSeed`); nil when no search ran.
    public let check: Plan.Evaluation?
    public let checkSeed: UInt32
    /// The metric the target bounds: `depletion.monthN`.
    public let metric: String
}

public enum TargetSearch {
    /// The target's answer on the run's paths (`result`, simulated with `seed`); nil without a target.
    public static func answer(_ scenario: Scenario, result: SimulationResult, paths: Int, seed: UInt32, threads: Int,
                              log: ((Plan.Evaluation) -> Void)? = nil) async throws -> TargetAnswer? {
        let steps = result.outcomes.map { Double($0.depletionStep) }
        return try await answer(scenario, depletionSteps: steps, paths: paths, seed: seed, threads: threads, log: log)
    }

    /// The same from the run's per-path depletion steps (−1: never; a spilled run's column).
    public static func answer(_ scenario: Scenario, depletionSteps: [Double], paths: Int, seed: UInt32, threads: Int,
                              log: ((Plan.Evaluation) -> Void)? = nil) async throws -> TargetAnswer? {
        guard let spec = scenario.target, let k = scenario.pools.firstIndex(where: { $0.name == spec.pool }) else { return nil }
        let metric = "depletion.month\(spec.byMonth)"
        let target = try ReverseStress.Target("\(metric)<=\(spec.pDepleted)", stepMonths: scenario.step.months)
        let base = Drivers.depleted(depletionSteps, byMonth: spec.byMonth, stepMonths: scenario.step.months)
        let without = Plan.Evaluation(value: 0, estimate: base.estimate, se: base.se)
        guard !target.met(base.estimate) else {
            return TargetAnswer(spec: spec, withoutTopUp: without, topUp: 0, se: 0, evaluations: [without], check: nil, checkSeed: seed &+ 1, metric: metric)
        }
        let plan = Plan(describing: "target.top_up", target: target, range: 0...spec.maxTopUp) { amount in
            try Self.scenario(scenario, pool: k, month: spec.topUpMonth, adding: amount)
        }
        let r = try await plan.run(paths: paths, seed: seed, threads: threads, lowEnd: without, checkBeyond: false, log: log)
        return TargetAnswer(spec: spec, withoutTopUp: without, topUp: r.answer, se: r.se, evaluations: r.evaluations, check: r.checks.first,
                            checkSeed: seed &+ 1, metric: metric)
    }

    /// `scenario` with a top-up of `amount` 万元 paid into pool `k` at the start of `month`.
    static func scenario(_ scenario: Scenario, pool k: Int, month: Int, adding amount: Double) throws -> Scenario {
        var s = scenario
        s.pools[k].topUps.append(TopUpSpec(month: month, amount: amount))
        return s
    }
}
