import LoanSimFiles

extension PathEngine {
    /// The running total of `flow` so far on this path.
    func budgetTotal(_ flow: BudgetFlow, _ out: PathOutcome) -> Double {
        func sum(_ f: (PoolLedger) -> Double) -> Double { pools.reduce(0) { $0 + f($1) } }
        switch flow {
        case .payouts: return sum(\.paid)
        case .topUps: return sum(\.topUps)
        case .interest: return sum(\.interest)
        case .adminFees: return sum(\.fees)
        case .clawback: return sum(\.clawback)
        case .fiscalCost: return fiscalCostSoFar(out)
        case .subsidies: return fiscalCostSoFar(out) - sum { $0.paid + $0.fees - $0.clawback }
        }
    }

    /// At the end of a year (programme or calendar: `BudgetYears`; or of the horizon): the year's flows,
    /// as the change in the running totals since the last year end; and each pool's cost (payouts +
    /// admin fees − clawback), which its funders share.
    mutating func recordBudgetYear(step t: Int, out: inout PathOutcome) {
        let years = model.budgetYears
        guard years.endsYear(t) else { return }
        let year = years.yearOfStep[t]
        let width = BudgetFlow.allCases.count
        for f in BudgetFlow.allCases {
            let now = budgetTotal(f, out)
            out.budgetByYear[year * width + f.rawValue] = now - records.budgetBefore[f.rawValue]
            records.budgetBefore[f.rawValue] = now
        }
        for p in 0..<shape.poolCount {
            let cost = pools[p].paid + pools[p].fees - pools[p].clawback
            out.poolCostByYear[year * shape.poolCount + p] = cost - records.poolCostBefore[p]
            records.poolCostBefore[p] = cost
        }
    }
}
