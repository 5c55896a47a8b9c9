import Foundation
import RiskModel
import LoanSimFiles

/// The plain-text summary `loansim run` prints on stdout: every figure with its unit.
public enum SummaryTable {
    /// With importance sampling: the shift, the target's estimate and what the weights bought.
    static func importanceLines(_ s: RunSummary) -> [String] {
        guard let r = s.importance, let t = s.importanceTarget else { return [] }
        let estimate: String
        switch t.target {
        case .depletion: estimate = "\(pct(t.estimate)) ± \(pct(t.se))"
        case let .quantile(metric, _):
            let unit = metric.unit
            estimate = "\(group(t.estimate, decimals: 1)) ± \(group(t.se, decimals: 1)) \(unit)"
        }
        var shift = r.theta == 0 && r.drawTilt == 0 ? "shift 0 (the pilot found no gain: plain sampling)" : String(format: "shift θ = %.2f", r.theta)
        if r.drawTilt > 0 { shift += String(format: ", posterior draws tilted towards riskier ones (λ = %.2f)", r.drawTilt) }
        if r.plainShare > 0 { shift += String(format: "; %.0f%% of paths drawn plain, so that no weight exceeds %.0f", 100 * r.plainShare, 1 / r.plainShare) }
        return [
            "Importance sampling for \(t.target): \(shift); every statistic below is weighted.",
            String(format: "  %@ = %@; variance reduction %.1f× against plain sampling of as many paths; effective sample %.0f of %d paths; %d pilot paths",
                   t.target.description, estimate, t.varianceReduction, r.effectiveSize, s.info.paths, t.pilotPaths),
        ] + (SummaryFile.Importance.fewPathsCarryTheWeight(effectiveSize: r.effectiveSize, paths: s.info.paths)
            ? ["  Few paths carry the weight: figures other than \(t.target) have understated errors; read them from a plain run."] : []) + [""]
    }

    public static func render(_ s: RunSummary, outDirectory: String?) -> String {
        let i = s.info
        var lines: [String] = []
        lines.append("LoanSim \(i.version) · \(i.scenarioName)")
        lines.append("scenario \(i.scenarioFile) (sha256 \(i.scenarioSHA256.prefix(12))…)")
        lines.append("\(group(Double(i.paths), decimals: 0)) paths · seed \(i.seed) · \(i.generator) · "
                     + "\(i.horizonMonths / s.stepMonths) \(i.step)ly steps (\(i.horizonMonths) months) · money in 万元")
        lines.append("")
        lines += importanceLines(s)
        let head = ["metric", "unit", "mean", "± se", "sd", "P50", "P95", "P99", "ES99"]
        var rows: [[String]] = [head]
        let hasLinkage = (s.metric(.linkageInvested)?.max ?? 0) > 0
        var lastSection = ""
        let order = ["Losses, parties and the pool", "Lending", "The bank's view", "The budget's view"]
        let shown = s.metrics.enumerated().filter { $0.offset < MetricDefinition.headlineCount || $0.element.summary.max != 0 || $0.element.summary.min != 0 }
        let sorted = shown.prefix(MetricDefinition.headlineCount) + shown.dropFirst(MetricDefinition.headlineCount).enumerated().sorted {
            let a = order.firstIndex(of: Self.section(of: $0.element.element.definition.key))!
            let b = order.firstIndex(of: Self.section(of: $1.element.element.definition.key))!
            return a != b ? a < b : $0.offset < $1.offset
        }.map(\.element)
        for (i, (d, m)) in sorted {
            if d.figure == .combinedNetIncome && !hasLinkage { continue }
            let section = Self.section(of: d.key)
            if section != lastSection && i >= MetricDefinition.headlineCount {
                rows.append([section] + Array(repeating: "", count: head.count - 1))
                lastSection = section
            }
            let isRatio = d.unit == "ratio"
            let values: [Double] = [m.mean, m.se, m.sd, m.q50, m.q95, m.q99, m.es99]
            var cells: [String] = [(i >= MetricDefinition.headlineCount ? "  " : "") + d.label, isRatio ? "%" : d.unit]
            for (k, v) in values.enumerated() {
                let text: String = isRatio ? String(format: "%.2f", v * 100) : group(v, decimals: 1)
                cells.append((k == 1 ? "±" : "") + text)
            }
            rows.append(cells)
        }
        let widths = (0..<head.count).map { c in rows.map { $0[c].displayWidth }.max()! }
        for (r, row) in rows.enumerated() {
            lines.append(row.enumerated().map { c, cell in
                c == 0 ? cell.padRight(widths[c]) : cell.padLeft(widths[c])
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
            if r == 0 { lines.append(String(repeating: "-", count: widths.reduce(0, +) + 2 * (widths.count - 1))) }
        }
        lines.append("")
        lines.append("P(pool depleted by the horizon) = \(probability(s.depletion, s))   "
                     + "(depleted: a filed claim left unpaid at the end of a step)")
        lines.append("P(depleted by end of year): " + s.depletionByYear.enumerated().map { "\(s.yearName($0.offset)) \(pct($0.element.p))" }
            .joined(separator: "  "))
        lines.append("")
        lines.append("Pool balance at the end of each year, 万元 (P5 / P50 / P95):")
        let names = s.yearNames
        for y in 0..<s.depletionByYear.count {
            let t = min(s.budgetYears.lastStep[y], s.fan[0].count - 1)
            let q = s.fan[0][t].quantiles
            lines.append("  \(names[y])  \(group(q[0], decimals: 0).padLeft(12))  \(group(q[2], decimals: 0).padLeft(12))  \(group(q[4], decimals: 0).padLeft(12))")
        }
        if s.pools.count > 1 {
            lines.append("")
            lines.append("Pools (万元): mean paid / unpaid / balance at horizon; P(depleted by the horizon)")
            for p in s.pools {
                lines.append("  \(p.name.padRight(24)) \(group(p.paid.mean, decimals: 1).padLeft(12)) \(group(p.unpaid.mean, decimals: 1).padLeft(12)) "
                             + "\(group(p.balanceEnd.mean, decimals: 1).padLeft(12))  \(pct(p.depletion.p))")
            }
            lines += schemeLines(s)
            lines += poolOrderLines(s)
        }
        lines += budgetLines(s)
        lines += reachLines(s)
        lines += governmentLines(s)
        lines += bankLines(s)
        lines += contributionLines(s)
        lines += sectorLines(s)
        if s.pools.contains(where: { $0.funders.count > 1 }) {
            lines.append("")
            lines.append("Funders' parts of each pool, 万元: capital put in (mean); cost = payouts + fees − clawback (mean / P95)")
            for p in s.pools where p.funders.count > 1 {
                for f in p.funders {
                    lines.append("  \((p.name + " · " + f.name).padRight(32)) \(pct(f.share).padLeft(7))  capital \(group(f.capital, decimals: 0).padLeft(10))  "
                                 + "cost \(group(f.cost.mean, decimals: 0).padLeft(10)) / \(group(f.cost.q95, decimals: 0).padLeft(10))")
                }
            }
        }
        if let last = s.anySuspensionByYear.last, last.p > 0 {
            lines.append("")
            lines.append("P(a breaker acted on some bank by end of year): " + s.anySuspensionByYear.enumerated().map { "\(s.yearName($0.offset)) \(pct($0.element.p))" }
                .joined(separator: "  "))
        }
        lines += calibrationLines(s)
        lines += fundLines(s)
        if let outDirectory {
            lines.append("")
            lines.append("wrote \(outDirectory)/summary.json, paths.csv, timeseries.csv, scenario.json and manifest.json (their SHA-256s)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The table section a metric belongs to (after the headline rows).
    static func section(of key: String) -> String {
        switch key {
        case "loans_originated", "lending_volume", "breaker_trips", "firms_financed": return "Lending"
        case "interest_income", "funding_cost", "operating_cost", "fee_income", "bank_net_income", "bank_net_income_without_compensation",
             "raroc", "raroc_without_compensation", "capital_years", "linkage_invested", "linkage_proceeds", "linkage_net",
             "combined_net_income", "exits": return "The bank's view"
        case "interest_subsidies", "guarantee_fee_subsidies", "insurance_subsidies", "appraisal_subsidies", "fiscal_cost", "fiscal_cost_pv",
             "top_ups", "interest", "admin_fees": return "The budget's view"
        default: return "Losses, parties and the pool"
        }
    }

    static func pct(_ p: Double) -> String { String(format: "%.2f%%", p * 100) }

    /// A probability ± its standard error; where no path (or every path) hit, the exact 95% interval
    /// instead of a zero error (`ProportionInterval`; plain runs only).
    static func probability(_ q: Proportion, _ s: RunSummary) -> String {
        guard let (low, high) = ProportionInterval.exact(p: q.p, se: q.se, paths: s.importance == nil ? s.info.paths : 0) else {
            return "\(pct(q.p)) ± \(pct(q.se))"
        }
        return "\(pct(q.p)) (95% interval \(pct(low))–\(pct(high)))"
    }

    /// `1234567.8` → `1,234,567.8`.
    static func group(_ x: Double, decimals: Int) -> String {
        guard x.isFinite else { return "–" }
        let s = String(format: "%.\(decimals)f", abs(x))
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        var intPart = String(parts[0])
        var grouped = ""
        while intPart.count > 3 {
            grouped = "," + intPart.suffix(3) + grouped
            intPart.removeLast(3)
        }
        grouped = intPart + grouped
        let sign = x < 0 && s.contains(where: { $0 != "0" && $0 != "." }) ? "-" : ""
        return sign + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }
}

extension String {
    /// Terminal columns: CJK characters take two.
    var displayWidth: Int {
        let wide: [ClosedRange<UInt32>] = [0x1100...0x115F, 0x2E80...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
                                           0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6]
        return unicodeScalars.reduce(0) { w, u in w + (wide.contains { $0.contains(u.value) } ? 2 : 1) }
    }
    func padRight(_ w: Int) -> String { self + String(repeating: " ", count: max(0, w - displayWidth)) }
    func padLeft(_ w: Int) -> String { String(repeating: " ", count: max(0, w - displayWidth)) + self }
}
