import Foundation
import LoanSimFiles
import TextFormats

struct ComparePage {
    let files: CompareFiles
    let lang: ReportLanguage
    static let colors = ["#2563eb", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6", "#0ea5e9", "#84cc16", "#f97316"]

    /// Each scenario's name as the language shows it (its `label_zh` / `label_en`, from its run's scenario.json).
    var names: [String] {
        files.compare.scenarios.enumerated().map { k, s in
            let label = files.runs.indices.contains(k) ? files.runs[k].scenario?.labels?[s.name] : nil
            return (lang == .zh ? label?.zh : label?.en) ?? s.name
        }
    }
    /// The paths each scenario ran, when they were plain (0 under importance weights).
    var plainPaths: Int { files.runs.allSatisfy { $0.summary.importance == nil } ? files.compare.paths : 0 }
    var rows: [CompareFile.Row] { files.compare.rows }

    func body() -> String {
        var html = "<h1>\(esc(lang.t("title.compare")))</h1>" + answer()
        let c = files.compare
        html += "<h2>\(esc(lang.t("provenance")))</h2>" + Report.table(["", ""], [
            [lang.t("seed"), "\(c.seed)"], [lang.t("paths"), lang.group(Double(c.paths), decimals: 0)],
            [lang.t("generator"), c.generator], [lang.t("version"), "loansim \(c.version)"],
        ], cls: "prov provenance")
        html += "<h3>\(esc(lang.t("scenarios")))</h3>" + Report.table(["", lang.t("scenario"), lang.t("file"), lang.t("sha256")],
            c.scenarios.enumerated().map { ["[\($0.offset)]", names[$0.offset], $0.element.file, String($0.element.sha256.prefix(16)) + "…"] },
            cls: "provenance")
        html += Report.legend(names.enumerated().map { ("[\($0.offset)] \($0.element)", Self.colors[$0.offset % Self.colors.count]) })
        html += "<h2>\(esc(lang.t("headline")))</h2>" + table()
        html += "<h2>\(esc(lang.t("compare.bars")))</h2>"
        for row in rows { html += "<h3>\(esc(title(row)))</h3>" + bars(row) }
        html += "<h2>\(esc(lang.t("compare.diff")))</h2>"
        for row in rows { html += "<h3>\(esc(title(row)))</h3>" + forest(row) }
        return html
    }

    func key(_ row: CompareFile.Row) -> String { String(row.metric.split(separator: ".").first ?? "") }
    /// The row's id in the page: the metric's key for a mean or P(depleted), else the whole selector, so
    /// that `depletion.probability` and `depletion.year5` differ (a ratio `A/B` reads `A-per-B`).
    func chartID(_ row: CompareFile.Row) -> String {
        row.metric.hasSuffix(".mean") || row.metric == "depletion.probability" ? key(row)
            : row.metric.replacingOccurrences(of: ".", with: "-").replacingOccurrences(of: "/", with: "-per-")
    }
    func unit(_ row: CompareFile.Row) -> String { row.unit }
    /// The metric's name as the file gives it (files of LoanSim 0.2.0 and earlier: from the page's own table).
    func name(_ row: CompareFile.Row) -> String { (lang == .zh ? row.labelZh : row.label) ?? lang.t(key(row)) }
    /// The row's unit as an axis names it ("万元", "万元 per firm", "%").
    func unitName(_ row: CompareFile.Row) -> String {
        let u = unit(row)
        return u.hasPrefix("万元/") ? lang.perUnit(u) : u == "probability" ? "%" : u
    }
    func title(_ row: CompareFile.Row) -> String {
        let u = unit(row)
        return name(row) + (u == "万元" ? " (万元)" : u.hasPrefix("万元/") ? " (\(lang.perUnit(u)))" : "")
    }

    func table() -> String {
        var out: [[Cell]] = []
        for row in rows {
            let diffs = row.differencesVsFirst, u = unit(row)
            for (k, e) in row.scenarios.enumerated() {
                var cells: [Cell] = [.text(k == 0 ? name(row) : ""), .text("[\(k)]"), lang.cell(e.mean, e.se, unit: u, paths: plainPaths)]
                if k == 0 || k > diffs.count { cells += [.text(""), .text(""), .text("")] } else {
                    let d = diffs[k - 1]
                    cells += u == "万元"
                        ? [.change(d.mean), .amounts([d.ci95Low, d.ci95High], format: "[%1, %2]", signed: true)]
                        : [.text(lang.difference(d.mean, unit: u)), .text("[\(lang.difference(d.ci95Low, unit: u)), \(lang.difference(d.ci95High, unit: u))]")]
                    cells.append(.text(d.crnNarrowing.map { String(format: "×%.1f", $0) } ?? "–"))
                }
                out.append(cells)
            }
        }
        return Report.table([lang.t("metric"), lang.t("scenario"), "\(lang.t("mean")) ± \(lang.t("se"))", lang.t("diff"), lang.t("ci95"), lang.t("narrowing")],
                            cells: out, lang: lang)
    }

    func bars(_ row: CompareFile.Row) -> String {
        let per = row.scenarios
        guard !per.isEmpty else { return "" }
        let u = unit(row)
        let his = per.map { $0.mean + 1.96 * $0.se }, los = per.map { $0.mean - 1.96 * $0.se }
        let yHi = max(his.max() ?? 1, 1e-9) * 1.1, yLo = min(0, los.min() ?? 0)
        var c = SVGChart(id: "compare-\(chartID(row))", height: 220)
        let n = Double(per.count)
        let room = c.plotWidth / n - 12  // read before the mutating call below: the closure must not capture `c`
        // The axis names the metric where it fits beside the plot, else its unit (the heading names it).
        let yLabel = SVGChart.textWidth(title(row)) <= c.height - 10 ? title(row) : unitName(row)
        c.axes(xLo: 0.5, xHi: n + 0.5, yLo: yLo, yHi: yHi, xLabel: lang.t("scenario"), yLabel: yLabel,
               xTicks: (1...per.count).map(Double.init), fmt: { u == "probability" ? lang.percent($0, decimals: 0) : lang.group($0, decimals: tickDecimals(yLo, yHi)) },
               xFmt: { x in
                   // "[k] name" where it fits under its bar, else "[k]": the legend below names each in full.
                   guard x.isFinite, Int(x) >= 1, Int(x) <= names.count else { return "–" }
                   let k = Int(x) - 1, label = "[\(k)] \(names[k])"
                   return SVGChart.textWidth(label) <= room ? label : "[\(k)]"
               })
        let w = c.plotWidth / n * 0.55
        for (k, e) in per.enumerated() {
            let m = e.mean, se = e.se, xc = c.x(Double(k + 1), 0.5, n + 0.5)
            c.rect(x: xc - w / 2, y: c.y(max(m, 0), yLo, yHi), w: w, h: abs(c.y(0, yLo, yHi) - c.y(m, yLo, yHi)),
                   color: Self.colors[k % Self.colors.count], title: "[\(k)] \(names[k]): \(lang.pm(m, 1.96 * se, unit: u))")
            c.add("<line x1=\"\(f(xc))\" x2=\"\(f(xc))\" y1=\"\(f(c.y(m - 1.96 * se, yLo, yHi)))\" y2=\"\(f(c.y(m + 1.96 * se, yLo, yHi)))\" stroke=\"#111827\" stroke-width=\"1.5\"/>")
        }
        return c.render(label: title(row)) + Report.legend(names.indices.map { ("[\($0)] \(names[$0])", Self.colors[$0 % Self.colors.count]) })
    }

    func forest(_ row: CompareFile.Row) -> String {
        let diffs = row.differencesVsFirst
        guard !diffs.isEmpty else { return "" }
        let u = unit(row)
        let lo = min(0, diffs.map(\.ci95Low).min() ?? 0), hi = max(0, diffs.map(\.ci95High).max() ?? 0)
        // Every difference exactly zero (a metric the change cannot move): a small fixed span, so the
        // axis reads −10 … 10 (±1 pp) instead of five ticks that all say 0.
        let pad = hi > lo ? (hi - lo) * 0.1 : (u == "probability" ? 0.01 : u.contains("/") || u == "ratio" ? 1 : 10)
        var c = SVGChart(id: "diff-\(chartID(row))", height: 60 + 34 * Double(diffs.count))
        let n = Double(diffs.count)
        c.axes(xLo: lo - pad, xHi: hi + pad, yLo: 0.5, yHi: n + 0.5, xLabel: lang.t("diff.vs0") + (u == "万元" ? " (万元)" : u.hasPrefix("万元/") ? " (\(lang.perUnit(u)))" : (u == "probability" ? " (\(lang.t("pp")))" : "")),
               yLabel: "", xTicks: niceTicks(lo - pad, hi + pad), fmt: { _ in "" },
               xFmt: { u == "probability" ? String(format: "%+.1f", $0 * 100) : lang.group($0, decimals: tickDecimals(lo - pad, hi + pad)) })
        c.vline(at: c.x(0, lo - pad, hi + pad), color: "#6b7280", label: "", dash: "2 2")
        for (j, d) in diffs.enumerated() {
            let yy = c.y(n - Double(j), 0.5, n + 0.5)
            let a = c.x(d.ci95Low, lo - pad, hi + pad), b = c.x(d.ci95High, lo - pad, hi + pad)
            let m = c.x(d.mean, lo - pad, hi + pad)
            let color = Self.colors[(j + 1) % Self.colors.count]
            c.add("<line x1=\"\(f(a))\" x2=\"\(f(b))\" y1=\"\(f(yy))\" y2=\"\(f(yy))\" stroke=\"\(color)\" stroke-width=\"3\"><title>\(esc("[\(j + 1)] − [0]: \(lang.difference(d.mean, unit: u)) [\(lang.difference(d.ci95Low, unit: u)), \(lang.difference(d.ci95High, unit: u))]"))</title></line>")
            c.add("<circle cx=\"\(f(m))\" cy=\"\(f(yy))\" r=\"5\" fill=\"\(color)\"/>")
            c.text("[\(j + 1)]", x: c.left - 8, y: yy + 4, anchor: "end")
            // The scenario's name above its interval, in full: rows are named, not numbered.
            c.text("\(names[j + 1]) − \(names[0])", x: c.left + 4, y: yy - 9)
        }
        return c.render(label: title(row))
    }
}

struct SweepPage {
    let files: SweepFiles
    let lang: ReportLanguage

    var keyCount: Int { files.columns.keys.count }

    func body() -> String {
        let t = files.table
        let keys = Array(t.columns.prefix(keyCount))
        var html = "<h1>\(esc(lang.t("title.sweep")))</h1><p class=\"note\">\(esc(lang.t("sweep.about")))"
            + keys.map { "<code>\(esc($0))</code>" }.joined(separator: ", ") + "</p><p class=\"note\"><code>\(esc(t.provenance))</code></p>"
        html += Report.table([lang.t("sweep.key"), lang.t("sweep.meaning")], keys.map { [$0, lang.keyName($0)] }, cls: "prov provenance")
        let shown = ["p_depleted", "pool_paid_wan", "bank_net_loss_wan", "unpaid_claims_wan", "fiscal_cost_per_distinct_firms_financed"]
        for col in shown where t.columns.contains(col) {
            html += "<h2>\(esc(lang.t("sweep.heat"))): \(esc(label(col)))</h2>" + heatmap(col, unit: files.unit(of: col), keys: keys)
        }
        html += "<h2>\(esc(lang.t("headline")))</h2>"
        let metricCols = t.columns.dropFirst(keyCount).filter { !$0.hasSuffix("_se") }
        let rows = t.rows.map { row in
            row.prefix(keyCount).map(Cell.text) + metricCols.map { col in
                let i = t.columns.firstIndex(of: col)!, v = Double(row[i]) ?? .nan, se = Double(row[i + 1]) ?? .nan
                return lang.cell(v, se, unit: files.unit(of: col), paths: files.paths)
            }
        }
        // Many metrics side by side: cells wrap ("value ± se" over two lines) so the table fits the page.
        html += Report.table(keys.map(lang.keyName) + metricCols.map(label), cells: rows, lang: lang, cls: "wrap")
        return html
    }

    /// A metric column's name: `sweep.json`'s label in the page's language (with its unit where it is
    /// not in the label), else the page's own name for it.
    func label(_ col: String) -> String {
        if let c = files.described[col] {
            let unit = c.unit == "万元" ? " (万元)" : c.unit.hasPrefix("万元/") ? " (\(lang.perUnit(c.unit)))" : ""
            return (lang == .zh ? c.labelZh : c.label) + unit
        }
        if col == "p_depleted" { return lang.t("depletion") }
        return lang.t(col.hasSuffix("_wan") ? String(col.dropLast(4)) : col)
    }

    /// Rows: values of the first key; columns: values of the second (one column when there is one key).
    func heatmap(_ col: String, unit: String, keys: [String]) -> String {
        let t = files.table
        let ci = t.columns.firstIndex(of: col)!
        let rowValues = ordered(t.rows.map { $0[0] })
        let colValues = keys.count > 1 ? ordered(t.rows.map { $0[1] }) : [""]
        let values = t.rows.compactMap { Double($0[ci]) }
        let lo = values.min() ?? 0, hi = values.max() ?? 1
        let cellW = min(160.0, 600 / Double(max(colValues.count, 1))), cellH = 34.0
        var c = SVGChart(id: "heat-\(col)", height: 96 + cellH * Double(rowValues.count))
        let x0 = 150.0, y0 = 44.0
        if keys.count > 1 { c.text("→ " + lang.keyName(keys[1]), x: x0 + cellW * Double(colValues.count) / 2, y: 18, anchor: "middle", cls: "axis") }
        c.text("↓ " + lang.keyName(keys[0]), x: 8, y: y0 + cellH * Double(rowValues.count) + 22, cls: "axis")
        colourScale(&c, x: x0 + cellW * Double(colValues.count) + 40, y: y0, height: cellH * Double(max(rowValues.count, 2)), lo: lo, hi: hi, unit: unit)
        for (j, cv) in colValues.enumerated() { c.text(cv, x: x0 + cellW * (Double(j) + 0.5), y: y0 - 4, anchor: "middle") }
        for (i, rv) in rowValues.enumerated() {
            c.text(rv, x: x0 - 8, y: y0 + cellH * (Double(i) + 0.6), anchor: "end")
            for (j, cv) in colValues.enumerated() {
                guard let row = t.rows.first(where: { $0[0] == rv && (keys.count < 2 || $0[1] == cv) }), let v = Double(row[ci]) else { continue }
                let u = hi > lo ? (v - lo) / (hi - lo) : 0.5
                c.rect(x: x0 + cellW * Double(j), y: y0 + cellH * Double(i), w: cellW - 2, h: cellH - 2, color: heatColor(u),
                       title: "\(keys[0])=\(rv)\(keys.count > 1 ? ", \(keys[1])=\(cv)" : ""): \(lang.value(v, unit: unit))")
                c.text(lang.value(v, unit: unit), x: x0 + cellW * (Double(j) + 0.5), y: y0 + cellH * Double(i) + cellH * 0.6, anchor: "middle",
                       color: u > 0.55 ? "#ffffff" : "#111827")
            }
        }
        if keys.count > 2 {
            c.text(lang.t("sweep.more").replacingOccurrences(of: "%@", with: keys.dropFirst(2).map(lang.keyName).joined(separator: ", ")),
                   x: 8, y: c.height - 8, cls: "tick")
        }
        return c.render(label: label(col))
    }

    /// Distinct values in numeric order when they are amounts or ratios (1亿 < 1.5亿 < 2亿), else as first seen.
    func ordered(_ xs: [String]) -> [String] {
        var seen = Set<String>(), out: [String] = []
        for x in xs where seen.insert(x).inserted { out.append(x) }
        let numbers = out.map { Quantity.amountWan($0) ?? Quantity.ratio($0) }  // 1.5亿 → 15,000; 60% → 0.6
        guard numbers.allSatisfy({ $0 != nil }) else { return out }
        return zip(out, numbers).sorted { $0.1! < $1.1! }.map(\.0)
    }

    /// A vertical colour bar from `lo` (pale) to `hi` (dark) with its end values.
    func colourScale(_ c: inout SVGChart, x: Double, y: Double, height: Double, lo: Double, hi: Double, unit: String) {
        let steps = 12
        for k in 0..<steps {
            let t = 1 - Double(k) / Double(steps - 1)
            c.add("<rect x=\"\(f(x))\" y=\"\(f(y + height * Double(k) / Double(steps)))\" width=\"16\" height=\"\(f(height / Double(steps) + 0.5))\" fill=\"\(heatColor(t))\"/>")
        }
        c.text(lang.value(hi, unit: unit), x: x + 22, y: y + 10)
        c.text(lang.value(lo, unit: unit), x: x + 22, y: y + height)
    }
}
