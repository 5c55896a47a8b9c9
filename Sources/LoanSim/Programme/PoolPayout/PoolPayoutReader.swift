import LoanSimFiles

/// Reads a pool's payout rules: `top_ups` (each month within the horizon) and `shortfall`. The keys are
/// the specifications' `CodingKeys`.
extension ScenarioReader {
    static let payoutKeys = ["top_ups", "shortfall"]

    func readTopUps(_ pool: MapReader, horizon: Int) -> [TopUpSpec] {
        typealias K = TopUpSpec.CodingKeys
        guard let items = ctx.sequence(pool.node("top_ups"), pool.keyPath("top_ups")) else { return [] }
        var topUps: [TopUpSpec] = []
        for (node, p) in items {
            guard let t = ctx.mapping(node, p, keys: K.yamlKeys) else { continue }
            let month = t.integer(K.month.yamlKey, required: true, .closed(1, Double(max(horizon, 1))))
            let amount = t.amount(K.amount.yamlKey, required: true, .atLeast(0))
            if let month, let amount { topUps.append(TopUpSpec(month: month, amount: amount)) }
        }
        return topUps
    }

    func readShortfall(_ pool: MapReader) -> ShortfallRule {
        pool.choice("shortfall", ShortfallRule.self, default: .fifo) ?? .fifo
    }
}
