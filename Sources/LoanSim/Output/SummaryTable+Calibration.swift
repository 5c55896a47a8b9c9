import LoanSimFiles
import RiskModel

extension SummaryTable {
    /// "At the point estimate" beside "including parameter uncertainty", and the record check.
    static func calibrationLines(_ s: RunSummary) -> [String] {
        var lines: [String] = []
        if let c = s.calibration {
            let names = c.cohorts.enumerated().map { k, m in "\(s.info.cohortNames[m.cohort]) \(pct(c.pointPD[k]))" }
            lines.append("")
            lines.append("Calibrated (\(c.file), \(c.point.rawValue)): ρ \(String(format: "%.3f", c.pointRho)); annual PD " + names.joined(separator: ", "))
        }
        if let p = s.atPointEstimate?.summary, let c = s.calibration {
            lines.append("Parameter uncertainty: each path drew (PD, ρ) from \(c.drawCount) posterior draws; the table above includes it.")
            let head = ["", "at the point estimate", "including parameter uncertainty"]
            var rows: [[String]] = [head]
            for (y, pr) in s.depletionByYear.enumerated() {
                let q = p.depletionByYear[y]
                rows.append(["P(depleted by end of \(s.calendarYear(y).map { $0.label(chinese: false) } ?? "year \(y + 1)"))", probability(q, p), probability(pr, s)])
            }
            for figure in [Figure.poolPaid, .bankNetLoss, .fiscalCost, .defaults] {
                guard let a = p.metric(figure), let b = s.metric(figure) else { continue }
                let d = MetricDefinition.of(figure)
                rows.append(["\(d.label), mean (\(d.unit))", "\(group(a.mean, decimals: 1)) ± \(group(a.se, decimals: 1))", "\(group(b.mean, decimals: 1)) ± \(group(b.se, decimals: 1))"])
                rows.append(["\(d.label), P95 / P99 (\(d.unit))", "\(group(a.q95, decimals: 0)) / \(group(a.q99, decimals: 0))", "\(group(b.q95, decimals: 0)) / \(group(b.q99, decimals: 0))"])
            }
            if let a = p.anySuspensionByYear.last, let b = s.anySuspensionByYear.last {
                rows.append(["P(a breaker acted on some bank by the horizon)", pct(a.p), pct(b.p)])
            }
            lines += table(rows)
        }
        if !s.recordChecks.isEmpty {
            lines.append("")
            lines.append("Posterior predictive check against the record: the simulation's central 90% interval, the share of paths that")
            lines.append("agree with the record, and for an exact record its percentile in the simulation (P(simulated ≤ record)):")
            var rows: [[String]] = [["observed quantity", "month", "record", "simulated 90%", "mean", "P(agree)", "percentile", "verdict"]]
            for r in s.recordChecks {
                let decimals = r.check.metric.unit == "万元" ? 1 : 0
                rows.append([r.check.name, String(r.check.month), "\(r.check.observed) \(r.check.metric.unit)",
                             "[\(group(r.q05, decimals: decimals)), \(group(r.q95, decimals: decimals))]", group(r.mean, decimals: 1),
                             pct(r.agreeing.p), r.percentile.map(pct) ?? "–", r.inside ? "inside" : "OUTSIDE"])
            }
            lines += table(rows)
        }
        return lines
    }

    /// Left-aligned first column, right-aligned others, a rule under the header.
    static func table(_ rows: [[String]]) -> [String] {
        let widths = (0..<rows[0].count).map { c in rows.map { $0[c].displayWidth }.max()! }
        var out: [String] = []
        for (r, row) in rows.enumerated() {
            out.append("  " + row.enumerated().map { c, cell in c == 0 ? cell.padRight(widths[c]) : cell.padLeft(widths[c]) }.joined(separator: "  "))
            if r == 0 { out.append("  " + String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))) }
        }
        return out
    }
}
