/// The budget's flows by programme year (docs/model.md §3.8), 万元, recorded on every path: what the
/// pools paid out, received as scheduled top-ups and refills, earned as interest, paid as admin fees and
/// got back as clawback; the subsidies (interest, guarantee-fee, insurance, appraisal); and the fiscal
/// cost, `payouts + admin fees − clawback + subsidies`. Year rows sum to the run's totals.
public enum BudgetFlow: Int, CaseIterable, Sendable {
    case payouts, topUps, interest, adminFees, clawback, subsidies, fiscalCost

    public var key: String {
        switch self {
        case .payouts: return "payouts"
        case .topUps: return "top_ups"
        case .interest: return "interest"
        case .adminFees: return "admin_fees"
        case .clawback: return "clawback"
        case .subsidies: return "subsidies"
        case .fiscalCost: return "fiscal_cost"
        }
    }

    public var label: String {
        switch self {
        case .payouts: return "payouts"
        case .topUps: return "top-ups"
        case .interest: return "interest"
        case .adminFees: return "admin fees"
        case .clawback: return "clawback"
        case .subsidies: return "subsidies"
        case .fiscalCost: return "fiscal cost"
        }
    }
}

extension PathEngine {
    /// The budget's running totals so far on this path, by `BudgetFlow`; and each pool's cost so far
    /// (payouts + admin fees − clawback), which its funders share.
    func budgetTotals(_ out: PathOutcome) -> (flows: [Double], poolCost: [Double]) {
        var flows = [Double](repeating: 0, count: BudgetFlow.allCases.count)
        var poolCost = [Double](repeating: 0, count: poolCount)
        for p in 0..<poolCount {
            flows[BudgetFlow.payouts.rawValue] += pools[p].paid
            flows[BudgetFlow.topUps.rawValue] += pools[p].topUps
            flows[BudgetFlow.interest.rawValue] += pools[p].interest
            flows[BudgetFlow.adminFees.rawValue] += pools[p].fees
            flows[BudgetFlow.clawback.rawValue] += pools[p].clawback
            poolCost[p] = pools[p].paid + pools[p].fees - pools[p].clawback
        }
        let fiscal = fiscalCostSoFar(out)
        flows[BudgetFlow.fiscalCost.rawValue] = fiscal
        flows[BudgetFlow.subsidies.rawValue] = fiscal - (flows[BudgetFlow.payouts.rawValue] + flows[BudgetFlow.adminFees.rawValue]
                                                         - flows[BudgetFlow.clawback.rawValue])
        return (flows, poolCost)
    }

    /// At the end of a programme year (or of the horizon): the year's flows, as the change in the
    /// running totals since the last year end.
    mutating func recordBudgetYear(step t: Int, out: inout PathOutcome) {
        let monthEnd = (t + 1) * model.stepMonths
        guard monthEnd % 12 == 0 || t == model.stepCount - 1 else { return }
        let year = (monthEnd - 1) / 12
        let (flows, poolCost) = budgetTotals(out)
        let width = BudgetFlow.allCases.count
        for k in 0..<width {
            out.budgetByYear[year * width + k] = flows[k] - budgetBefore[k]
            budgetBefore[k] = flows[k]
        }
        for p in 0..<poolCount {
            out.poolCostByYear[year * poolCount + p] = poolCost[p] - poolCostBefore[p]
            poolCostBefore[p] = poolCost[p]
        }
    }
}
