extension SummaryTable {
    /// The budget by year: each flow's mean and P95, and each funder's share of the pools' cost.
    static func budgetLines(_ s: RunSummary) -> [String] {
        guard !s.budgetByYear.isEmpty else { return [] }
        var lines = ["", "Budget by year, 万元 (mean / P95); fiscal cost = payouts + admin fees − clawback + subsidies"]
        let flows = BudgetFlow.allCases
        lines.append("  year" + flows.map { $0.label.padLeft(22) }.joined())
        for (y, row) in s.budgetByYear.enumerated() {
            lines.append("  Y\(y + 1)  " + flows.map { f in
                "\(group(row[f.rawValue].mean, decimals: 0)) / \(group(row[f.rawValue].q95, decimals: 0))".padLeft(22)
            }.joined())
        }
        if s.fundersByYear.count > 1 {
            lines.append("  pool cost by funder (mean by year):")
            for f in s.fundersByYear {
                lines.append("    \((f.pool + " · " + f.funder).padRight(28))" + f.cost.map { group($0.mean, decimals: 0).padLeft(12) }.joined())
            }
        }
        return lines
    }
}
