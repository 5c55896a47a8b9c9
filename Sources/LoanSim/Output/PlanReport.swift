import Foundation
import LoanSimFiles

/// What `loansim plan` prints and writes (`plan.json`).
public enum PlanReport {
    static func format(_ x: Double) -> String {
        guard x.isFinite else { return "–" }
        return abs(x) >= 1000 ? SummaryTable.group(x, decimals: 0) : String(format: "%.4g", x)
    }

    static func estimate(_ e: Plan.Evaluation, _ plan: Plan) -> String {
        let unit = plan.target.metric.unit
        if unit == "probability" { return String(format: "%.2f%% ± %.2f%%", 100 * e.estimate, 100 * e.se) }
        return "\(format(e.estimate)) ± \(format(e.se)) \(unit)"
    }

    public static func text(_ r: Plan.Result, plan: Plan, scenario: LoadedScenario, seed: UInt32, paths: Int) -> String {
        var lines = ["LoanSim \(LoanSimVersion.string) · plan for \(scenario.scenario.name) · \(paths) paths per evaluation · seed \(seed) · "
                     + "\(scenario.generatorName)",
                     "target: \(plan.target)   varying: \(plan.keyPath) over \(format(plan.range.lowerBound))…\(format(plan.range.upperBound))"]
        guard let answer = r.answer else {
            lines.append("the target is not met anywhere in the range (at either end: "
                         + r.evaluations.map { "\(format($0.value)) → \(estimate($0, plan))" }.joined(separator: "; ") + "); widen --range")
            return lines.joined(separator: "\n") + "\n"
        }
        if r.checks.isEmpty {
            lines.append("the target is met across the whole range, already at \(plan.keyPath) = \(format(answer))")
            return lines.joined(separator: "\n") + "\n"
        }
        lines.append("\(r.smallest ? "smallest" : "largest") \(plan.keyPath) meeting the target: \(format(answer)) ± \(format(r.se)) "
                     + "(95% CI \(format(answer - 1.96 * r.se)) to \(format(answer + 1.96 * r.se)); \(r.evaluations.count) evaluations)")
        if let current = plan.current {
            let change = answer - current
            lines.append("the scenario has \(plan.keyPath) = \(format(current)): \(change >= 0 ? "add" : "take away") \(format(abs(change))) ± \(format(r.se))")
        }
        lines.append("checked on fresh paths (seed \(seed &+ 1)):")
        for (k, c) in r.checks.enumerated() {
            let label = k == 0 ? "at the answer" : (r.smallest ? "at 95% of it" : "at 105% of it")
            lines.append("  \(label.padding(toLength: 15, withPad: " ", startingAt: 0)) \(plan.keyPath) = \(format(c.value)): "
                         + "\(plan.target.metric) = \(estimate(c, plan))  → \(plan.target.met(c.estimate) ? "meets" : "misses") the target")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ r: Plan.Result, plan: Plan, scenario: LoadedScenario, seed: UInt32, paths: Int) throws -> String {
        func eval(_ e: Plan.Evaluation) -> SearchEvaluation {
            SearchEvaluation(value: e.value, estimate: e.estimate, se: e.se, meets: plan.target.met(e.estimate))
        }
        return try StudyWriters.encode(PlanFile(
            seed: seed, paths: paths, generator: scenario.generatorName, version: LoanSimVersion.string, blockSize: Simulation.blockSize,
            scenario: StudyWriters.ScenarioRef(scenario).study, target: plan.target.description, vary: plan.keyPath,
            range: [plan.range.lowerBound, plan.range.upperBound], answer: r.answer,
            answerIs: r.answer == nil ? "none" : (r.smallest ? "smallest meeting the target" : "largest meeting the target"),
            answerSe: r.answer == nil || !r.se.isFinite ? nil : r.se, evaluations: r.evaluations.map(eval), checksSeed: seed &+ 1,
            checks: r.checks.map(eval), current: plan.current))
    }
}
