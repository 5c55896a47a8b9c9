import LoanSimFiles

extension SummaryTable {
    /// The budget by year: each flow's mean and P95, and each funder's share of the pools' cost.
    static func budgetLines(_ s: RunSummary) -> [String] {
        guard !s.budgetByYear.isEmpty else { return [] }
        var lines = ["", "Budget by year, 万元 (mean / P95); fiscal cost = payouts + admin fees − clawback + subsidies"]
        let flows = BudgetFlow.allCases
        let names = s.yearNames
        lines.append("  year" + String(repeating: " ", count: max(0, (names.first?.count ?? 2) - 2)) + flows.map { $0.label(chinese: false).lowercased().padLeft(22) }.joined())
        for (y, row) in s.budgetByYear.enumerated() {
            lines.append("  \(names[y])  " + flows.map { f in
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

extension SummaryTable {
    /// Reach: distinct firms, first-time borrowers and renewals; each firm type's share reached beside the
    /// city's access target.
    static func reachLines(_ s: RunSummary) -> [String] {
        let r = s.reach
        guard r.distinct.max > 0 else { return [] }
        var lines = ["", "Reach (mean ± se): \(group(r.distinct.mean, decimals: 0)) ± \(group(r.distinct.se, decimals: 0)) distinct firms financed; "
                     + "\(group(r.newFirms.mean, decimals: 0)) first-time borrowers, \(group(r.renewals.mean, decimals: 0)) renewals, "
                     + "\(group(r.returning.mean, decimals: 0)) returning borrowers"]
        if let perFirm = r.fiscalCostPerNewFirm {
            lines.append("  fiscal cost per first-time borrower: \(group(perFirm.ratio, decimals: 2)) ± \(group(perFirm.se, decimals: 2)) 万元 (ratio of means ± se)")
        }
        for t in r.byType where t.firms > 0 {
            var line = "  \(t.type.rawValue.padRight(10)) \(group(t.distinct.mean, decimals: 0).padLeft(7)) of \(group(t.firms, decimals: 0)) firms reached: "
                + "\(pct(t.share.mean)) (P5–P95 \(pct(t.share.q05))–\(pct(t.share.q95)))"
            if let target = t.target, let meets = t.meetsTarget {
                line += "; access target \(pct(target)) (loan access from any source), P(programme alone reaches it) \(pct(meets.p))"
            }
            lines.append(line)
        }
        return lines
    }
}
