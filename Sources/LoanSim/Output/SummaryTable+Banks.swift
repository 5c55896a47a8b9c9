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

    /// Each sector's defaults, principal loss and claims on the pools (means and P99).
    static func sectorLines(_ s: RunSummary) -> [String] {
        guard s.bySector.count > 1 else { return [] }
        var lines = ["", "By sector: defaults, loans (mean); principal loss and claims on the pools, 万元 (mean / P99)"]
        for row in s.bySector {
            let f = row.figures
            lines.append("  \(row.sector.padRight(16)) \(group(f[0].mean, decimals: 1).padLeft(10))"
                         + "  \(group(f[1].mean, decimals: 1).padLeft(12)) / \(group(f[1].q99, decimals: 1).padLeft(12))"
                         + "  \(group(f[2].mean, decimals: 1).padLeft(12)) / \(group(f[2].q99, decimals: 1).padLeft(12))")
        }
        return lines
    }
}
