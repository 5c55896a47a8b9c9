extension SummaryTable {
    /// Each bank's book: its net loss after compensation (mean / P99), the compensation it received
    /// and its programme net income (means).
    static func bankLines(_ s: RunSummary) -> [String] {
        let e = s.economics
        guard e.netLossByBank.count > 1 else { return [] }
        var lines = ["", "By bank, 万元: net loss after compensation (mean / P99), compensation received (mean), programme net income (mean ± se)"]
        for (row, income) in zip(e.netLossByBank, e.netIncomeByBank) {
            lines.append("  \(row.bank.padRight(16)) \(group(row.netLoss.mean, decimals: 1).padLeft(12)) / \(group(row.netLoss.q99, decimals: 1).padLeft(12))"
                         + "  \(group(row.compensation.mean, decimals: 1).padLeft(12))  \(group(income.mean, decimals: 1).padLeft(12)) ± \(group(income.se, decimals: 1))")
        }
        return lines
    }
}
