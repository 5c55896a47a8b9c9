import RiskModel

extension SummaryTable {
    /// The city's funds: per fund its multiples, IRR, firms and the city's result, P(below cost) and
    /// the joint P(a pool runs dry and the fund is below cost); then the city's combined view by year.
    static func fundLines(_ s: RunSummary) -> [String] {
        guard !s.funds.isEmpty else { return [] }
        var lines = ["", "The city's funds (mean / P5 / P95; money in 万元)"]
        for f in s.funds {
            func figure(_ key: String) -> SampleSummary? { f.figures.first { $0.key == key }?.summary }
            lines.append("  \(f.name): committed \(group(f.committed, decimals: 0)) 万元, city share \(pct(f.cityShare))")
            for (key, label, decimals) in [("paid_in", "paid in (万元)", 0), ("distributions", "distributions (万元)", 0), ("nav", "NAV at cost (万元)", 0),
                                           ("tvpi", "TVPI", 2), ("dpi", "DPI", 2), ("firms", "firms invested", 0), ("failures", "failed", 0),
                                           ("exits", "exited", 0), ("loans", "fund-backed loans", 0), ("loan_defaults", "of which defaulted", 0),
                                           ("grants", "grants (拨投结合)", 0), ("grants_paid", "grants paid (万元)", 0),
                                           ("grants_converted", "converted at the next round", 0), ("grant_proceeds", "their stakes' proceeds (万元)", 0),
                                           ("grant_nav", "their stakes at cost (万元)", 0),
                                           ("city_result", "city's result, loss > 0 (万元)", 0)] {
                guard let x = figure(key), !key.hasPrefix("grant") || (figure("grants")?.max ?? 0) > 0 else { continue }
                lines.append("    " + label.padding(toLength: 32, withPad: " ", startingAt: 0)
                             + "\(group(x.mean, decimals: decimals).padLeft(12)) \(group(x.q05, decimals: decimals).padLeft(12)) \(group(x.q95, decimals: decimals).padLeft(12))")
            }
            if let q = f.irrQuartiles {
                // The median and quartiles, not the mean: an early exit at a high multiple gives an IRR in the thousands of percent.
                lines.append("    IRR per year: median \(pct(q[1])), quartiles \(pct(q[0])) to \(pct(q[2])); defined on \(pct(f.irrDefined)) of paths")
            }
            lines.append("    P(TVPI < 1) = \(pct(f.belowCost.p)) ± \(pct(f.belowCost.se)); "
                         + "P(a pool runs dry and TVPI < 1) = \(pct(f.poolDryAndBelowCost.p)) ± \(pct(f.poolDryAndBelowCost.se))")
        }
        lines.append("  The city's cash by year (万元, mean / P95): programme fiscal cost + net cash into the funds (contributions less distributions)")
        for y in s.cityCombined {
            lines.append("    \(s.yearNames[y.year - 1])  fiscal \(group(y.fiscalCost.mean, decimals: 0).padLeft(10)) / \(group(y.fiscalCost.q95, decimals: 0).padLeft(10))"
                         + "  funds \(group(y.funds.mean, decimals: 0).padLeft(10)) / \(group(y.funds.q95, decimals: 0).padLeft(10))"
                         + "  combined \(group(y.combined.mean, decimals: 0).padLeft(10)) / \(group(y.combined.q95, decimals: 0).padLeft(10))")
        }
        if let held = s.cityCombined.last?.holdingsAtCost {
            lines.append("  Not cash: the city's share of the funds' holdings at cost at the horizon, mean \(group(held.mean, decimals: 0)) 万元 (P95 \(group(held.q95, decimals: 0)))")
        }
        return lines
    }
}
