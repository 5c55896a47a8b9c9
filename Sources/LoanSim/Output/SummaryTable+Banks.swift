import RiskModel
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

    /// Who draws the pool down: each part's (bank, pool, cohort, sector) share of the mean, of the worst
    /// 1% of paths (ES99) and of the paths where a pool ran dry (`RiskContribution`).
    static func contributionLines(_ s: RunSummary) -> [String] {
        guard let first = s.contributions.first else { return [] }
        let a0 = first.allocation
        var lines = ["", "Who draws the pool down (Euler contributions, 万元; share of the total): mean, ES99 "
                         + "(worst \(a0.tailPaths) paths), paths where a pool ran dry (\(a0.eventPaths))"]
        for c in s.contributions {
            let a = c.allocation
            lines.append("  \(c.figure.key) by \(c.by)")
            func cell(_ e: EulerAllocation.Estimate?, _ total: Double?) -> String {
                guard let e, let total, e.value.isFinite else { return "–".padLeft(24) }
                let share = total != 0 ? String(format: "%5.1f%%", 100 * e.value / total) : "   – "
                return "\(group(e.value, decimals: 1)) ± \(group(e.se.isFinite ? e.se : 0, decimals: 1)) (\(share))".padLeft(30)
            }
            for (k, name) in c.partNames.enumerated() {
                lines.append("    \(name.padRight(20))\(cell(a.mean[k], a.meanTotal))\(cell(a.tail[k], a.tailTotal))\(cell(a.event?[k], a.eventTotal))")
            }
        }
        return lines
    }

    /// Which pool gives way first: P(the row's pool runs dry before the column's), and P(first).
    static func poolOrderLines(_ s: RunSummary) -> [String] {
        guard let o = s.poolOrder else { return [] }
        var lines = ["", "Which pool gives way first: P(row runs dry before column; later or never), diagonal P(runs dry); P(among the first)"]
        lines.append("  " + "".padRight(18) + o.names.map { String($0.prefix(12)).padLeft(13) }.joined() + "first".padLeft(10))
        for (a, name) in o.names.enumerated() {
            lines.append("  " + String(name.prefix(18)).padRight(18) + o.before[a].map { pct($0.p).padLeft(13) }.joined() + pct(o.first[a].p).padLeft(10))
        }
        return lines
    }

    /// Scheme by scheme (two pools or more): the book a pool backstops, and each pool's P(dry) and cost by year.
    static func schemeLines(_ s: RunSummary) -> [String] {
        guard let b = s.backstop, !s.poolCostByYear.isEmpty else { return [] }
        var lines = ["", String(format: "Scheme by scheme: a public pool backstops %@ of the live book at the start (%@ of %@ 万元; %@ of %@ loans)",
                                pct(b.liveBook > 0 ? b.backstopped / b.liveBook : 0), group(b.backstopped, decimals: 0), group(b.liveBook, decimals: 0),
                                group(b.backstoppedLoans, decimals: 0), group(b.loans, decimals: 0)),
                     "  P(dry by the end of the year) · cost 万元 mean / P95, by pool"]
        lines.append("  " + "".padRight(16) + s.pools.map { String($0.name.prefix(24)).padLeft(28) }.joined())
        for y in 0..<(s.poolCostByYear.first?.count ?? 0) {
            let cells = s.pools.indices.map { p -> String in
                let dry = s.pools[p].depletionByYear.count > y ? pct(s.pools[p].depletionByYear[y].p) : "–"
                return "\(dry) · \(group(s.poolCostByYear[p][y].mean, decimals: 0)) / \(group(s.poolCostByYear[p][y].q95, decimals: 0))".padLeft(28)
            }
            lines.append("  " + s.yearName(y).padRight(16) + cells.joined())
        }
        return lines
    }
}
