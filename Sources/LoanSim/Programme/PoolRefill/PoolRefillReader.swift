import LoanSimFiles

/// Reads a pool's `refill:`. The keys are the specification's `CodingKeys`; `target` belongs to
/// `to_target` alone.
extension ScenarioReader {
    func readRefill(_ pool: MapReader) -> RefillSpec? {
        typealias K = RefillSpec.CodingKeys
        guard let r = ctx.mapping(pool.node("refill"), pool.keyPath("refill"), keys: K.yamlKeys) else { return nil }
        let budget = r.amount(K.annualBudget.yamlKey, required: true, .atLeast(0)) ?? 0
        guard let rule = r.choice(K.rule.yamlKey, RefillSpec.Rule.self, default: nil) else {
            if !r.has(K.rule.yamlKey) { _ = r.string(K.rule.yamlKey, required: true) }
            return nil
        }
        switch rule {
        case .toTarget:
            return .toTarget(r.amount(K.target.yamlKey, required: true, .atLeast(0)) ?? 0, annualBudget: budget)
        case .lastYearPayouts:
            if r.has(K.target.yamlKey) {
                ctx.report(r.node(K.target.yamlKey), r.keyPath(K.target.yamlKey), "a target belongs to rule to_target; last_year_payouts has none",
                           allowed: "no target with last_year_payouts, or rule: to_target")
            }
            return .lastYearPayouts(annualBudget: budget)
        }
    }
}
