import Foundation
import LoanSimFiles
import Yams

/// Reads `breaker:` (one) or `breakers:` (a list) of a scenario. The keys are the specification's
/// `CodingKeys`: written once, shared with `scenario.json`.
extension ScenarioReader {
    func readBreakers(_ top: MapReader) -> [BreakerSpec] {
        if top.has("breaker") && top.has("breakers") {
            ctx.report(top.node("breakers"), "breakers", "give either breaker or breakers, not both", allowed: "breaker: {…} or breakers: [{…}]")
            return []
        }
        if let node = top.node("breaker") { return readBreaker(node, path: "breaker").map { [$0] } ?? [] }
        guard let items = ctx.sequence(top.node("breakers"), "breakers") else { return [] }
        return items.compactMap { readBreaker($0.0, path: $0.1) }
    }

    func readBreaker(_ node: Node, path: String) -> BreakerSpec? {
        typealias K = BreakerSpec.CodingKeys
        guard let m = ctx.mapping(node, path, keys: K.yamlKeys) else { return nil }
        let d = BreakerSpec()
        let spec = BreakerSpec(
            metric: m.choice(K.metric.yamlKey, BreakerMetric.self, default: d.metric) ?? d.metric,
            threshold: m.ratio(K.threshold.yamlKey, required: true, .leftOpen(0, 1)) ?? d.threshold,
            windowMonths: m.integer(K.windowMonths.yamlKey, .closed(1, 120), default: d.windowMonths) ?? d.windowMonths,
            minSuspensionMonths: m.integer(K.minSuspensionMonths.yamlKey, .closed(0, 240), default: d.minSuspensionMonths) ?? d.minSuspensionMonths,
            action: m.choice(K.action.yamlKey, BreakerAction.self, default: d.action) ?? d.action,
            untilRecovered: m.boolean(K.untilRecovered.yamlKey, default: d.untilRecovered),
            scope: m.choice(K.scope.yamlKey, BreakerSpec.Scope.self, default: d.scope) ?? d.scope,
            measure: m.choice(K.measure.yamlKey, BreakerSpec.Measure.self, default: d.measure) ?? d.measure,
            check: m.choice(K.check.yamlKey, BreakerSpec.Check.self, default: d.check) ?? d.check,
            minLoans: m.integer(K.minLoans.yamlKey, .closed(0, 1_000_000), default: d.minLoans) ?? d.minLoans)
        // A stock is an overdue balance: only the overdue rate has one, and it has no trailing window.
        if spec.measure == .stock && spec.metric != .overdueRate {
            ctx.report(m.node(K.measure.yamlKey), m.keyPath(K.measure.yamlKey), "measure: stock applies to the overdue rate only",
                       allowed: "flow for metric \(spec.metric.rawValue), or metric: overdue_rate")
        }
        if spec.measure == .stock && m.has(K.windowMonths.yamlKey) {
            ctx.report(m.node(K.windowMonths.yamlKey), m.keyPath(K.windowMonths.yamlKey),
                       "measure: stock reads the overdue balance at each check, not a window",
                       allowed: "no window_months with measure: stock (the claim lag decides how long a default stays overdue)")
        }
        return spec
    }
}
