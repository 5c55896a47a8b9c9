import Foundation
import LoanSimFiles

/// A self-contained HTML report (inline CSS and SVG; no scripts, no network) of a run, a comparison or
/// a sweep, in Chinese or English.
public enum Report {
    public static func html(_ input: ReportInput, lang: ReportLanguage) -> String {
        switch input {
        case .run(let r): return page(title: lang.t("title.run") + " · " + r.name, lang: lang, body: RunPage(files: r, lang: lang).body())
        case .compare(let c): return page(title: lang.t("title.compare"), lang: lang, body: ComparePage(files: c, lang: lang).body())
        case .sweep(let s): return page(title: lang.t("title.sweep"), lang: lang, body: SweepPage(files: s, lang: lang).body())
        }
    }

    static func page(title: String, lang: ReportLanguage, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="\(lang == .zh ? "zh-CN" : "en")">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="generator" content="loansim">
        <title>\(esc(title))</title>
        <style>
        body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif;
               color: #111827; margin: 24px auto; max-width: 960px; padding: 0 16px; line-height: 1.5; }
        h1 { font-size: 24px; margin-bottom: 4px; } h2 { font-size: 18px; margin-top: 32px; border-bottom: 1px solid #e5e7eb; padding-bottom: 4px; }
        h3 { font-size: 15px; margin: 16px 0 4px; }
        table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0; }
        th, td { border-bottom: 1px solid #e5e7eb; padding: 4px 6px; text-align: right; white-space: nowrap; }
        th:first-child, td:first-child { text-align: left; white-space: normal; } .scroll { overflow-x: auto; }
        .provenance td { white-space: normal; overflow-wrap: anywhere; } .wrap th, .wrap td { white-space: normal; } .wrap th { min-width: 4em; }
        th { background: #f9fafb; font-weight: 600; }
        .note { color: #4b5563; font-size: 13px; } .prov td { text-align: left; white-space: normal; } .prov td:first-child { width: 180px; color: #4b5563; }
        svg { display: block; margin: 8px 0; max-width: 100%; height: auto; }
        svg .tick { font-size: 11px; fill: #374151; } svg .axis { font-size: 12px; fill: #111827; } svg .mark { font-size: 11px; }
        .answer { background: #f0f9ff; border: 1px solid #bae6fd; border-radius: 6px; padding: 4px 16px; margin-top: 16px; }
        .answer h2 { margin-top: 8px; border: none; } .answer li { margin: 6px 0; font-size: 15px; }
        code { font-family: "DejaVu Sans Mono", monospace; font-size: 12px; }
        .legend span { display: inline-block; margin-right: 14px; font-size: 12px; } .sw { display: inline-block; width: 12px; height: 12px; vertical-align: -2px; margin-right: 4px; }
        .chart { overflow-x: auto; }
        @media (max-width: 640px) {
          body { margin: 12px auto; padding: 0 10px; }
          /* A phone: charts keep their full size (text at 11 px) and scroll sideways; each table row becomes
             a block of "column: value" lines, so no column is cut off and no label wraps a character a line. */
          .chart svg { max-width: none; width: 928px; }
          .scroll table, .scroll tbody, .scroll tr, .scroll td { display: block; width: auto; }
          .scroll thead { display: none; }
          .scroll tr { border-bottom: 1px solid #d1d5db; padding: 6px 0; }
          .scroll td { border: none; padding: 1px 0; display: flex; justify-content: space-between; gap: 12px; white-space: normal; text-align: right; }
          .scroll td::before { content: attr(data-label); color: #4b5563; text-align: left; flex: 0 1 50%; }
          .scroll td:first-child { display: block; font-weight: 600; text-align: left; }
          .scroll td:first-child::before { content: none; }
          .prov td:first-child { width: auto; }
        }
        </style>
        </head>
        <body>
        \(Glossary.annotate(body, lang: lang))
        \(Glossary.section(lang))
        <p class="note">LoanSim · \(esc(lang.t("units.note")))</p>
        </body>
        </html>

        """
    }

    /// A table; each cell carries its column's header (`data-label`), which a phone shows beside the value.
    static func table(_ header: [String], _ rows: [[String]], cls: String? = nil) -> String {
        "<div class=\"scroll\"><table\(cls.map { " class=\"\($0)\"" } ?? "")><thead><tr>" + header.map { "<th>\(esc($0))</th>" }.joined() + "</tr></thead><tbody>"
            + rows.map { row in
                "<tr>" + row.enumerated().map { k, cell in
                    "<td data-label=\"\(esc(header.indices.contains(k) ? header[k] : ""))\">\(esc(cell))</td>"
                }.joined() + "</tr>"
            }.joined() + "</tbody></table></div>"
    }

    static func legend(_ items: [(String, String)]) -> String {
        "<div class=\"legend\">" + items.map { "<span><i class=\"sw\" style=\"background:\($0.1)\"></i>\(esc($0.0))</span>" }.joined() + "</div>"
    }
}

let headlineKeys: [Figure] = [Figure.grossLoss, .poolPaid, .bankNetLoss, .unpaidClaims, .poolBalanceEnd, .defaults]

struct RunPage {
    let files: RunFiles
    let lang: ReportLanguage

    func body() -> String {
        var html = "<h1>\(esc(lang.t("title.run")))</h1><p class=\"note\">\(esc(called(files.name)))</p>"
        html += answer()
        html += provenance()
        html += "<h2>\(esc(lang.t("headline")))</h2>" + headline()
        html += driversSection()
        html += calibrationSections()
        html += parties()
        html += contributionsSection()
        html += schemesSection()
        html += poolOrderSection()
        html += economics()
        html += fundsSection()
        html += reachSection()
        html += budgetByYear()
        html += "<h2>\(esc(lang.t("fan")))</h2>" + fanChart()
        html += "<h2>\(esc(lang.t("depyear")))</h2>" + depletionBars() + "<p class=\"note\">\(esc(lang.t("depleted.def")))</p>"
        html += "<h2>\(esc(lang.t("losses")))</h2>"
        let others = [Figure.guarantorLoss, .insurerLoss, .appraiserLoss].filter { (files.metric($0)["max"] ?? 0) > 0 }
        for key in [Figure.grossLoss, .poolPaid, .bankNetLoss] + others {
            html += "<h3>\(esc(lang.label(key)))</h3>" + histogram(key)
        }
        html += "<h2>\(esc(lang.t("inputs")))</h2>" + inputs()
        return html
    }

    func provenance() -> String {
        let s = files.summary
        let rows: [[String]] = [
            // The scenario by its label in the page's language, its `name:` beside it when that differs.
            [lang.t("scenario"), called(s.scenario.name) == s.scenario.name ? s.scenario.name : "\(called(s.scenario.name)) (name: \(s.scenario.name))"],
            [lang.t("file"), s.scenario.file],
            [lang.t("sha256"), s.scenario.sha256], [lang.t("seed"), "\(s.seed)"],
            [lang.t("paths"), lang.group(Double(s.paths), decimals: 0)],
            [lang.t("generator"), s.generator], [lang.t("version"), "loansim \(s.version)"],
            [lang.t("horizon"), "\(s.horizonMonths) \(lang.t("months"))"],
            [lang.t("copula"), files.scenario?.copula == "t" ? String(format: lang.t("copula.t"), lang.group(files.scenario?.copulaNu ?? .nan, decimals: 1))
                                                              : lang.t("copula.gaussian")],
        ] + importanceRows()
        return "<h2>\(esc(lang.t("provenance")))</h2>" + Report.table(["", ""], rows, cls: "prov provenance")
    }

    /// With importance sampling: the shift, its target's estimate and the variance-reduction factor.
    func importanceRows() -> [[String]] {
        guard let i = files.summary.importance else { return [] }
        let metric = String(i.target.split(separator: ":").first ?? "")
        let estimate = lang.pm(i.estimate, i.se, unit: i.target == "depletion" ? "probability" : files.summary.metrics[metric]?.unit ?? "万元")
        let target = i.target == "depletion" ? lang.t("importance.depletion") : i.target
        let few = SummaryFile.Importance.fewPathsCarryTheWeight(effectiveSize: i.effectiveSampleSize, paths: files.summary.paths)
            ? lang.t("importance.few") : ""
        return [[lang.t("importance"), String(format: lang.t("importance.text"), String(format: "%.2f", i.shift), target, estimate,
                                                  String(format: "%.1f", i.varianceReductionFactor), lang.group(i.effectiveSampleSize, decimals: 0)) + few]]
    }

    func headline() -> String {
        var rows: [[Cell]] = []
        for key in headlineKeys {
            let m = files.metric(key)
            let unit = key.unit
            let v = { (k: String) in lang.cell(m[k] ?? .nan, unit: unit) }
            rows.append([.text(lang.label(key)), lang.cell(m["mean"] ?? .nan, m["se"] ?? .nan, unit: unit), v("sd"), v("q50"), v("q95"), v("q99"), v("es99")])
        }
        let p = files.depletion.probability, se = files.depletion.se
        rows.append([.text(lang.t("depletion")), .text(lang.pm(p, se, unit: "probability"))] + Array(repeating: .text(""), count: 5))
        return Report.table([lang.t("metric"), "\(lang.t("mean")) ± \(lang.t("se"))", lang.t("sd"), "P50", "P95", "P99 (VaR)", "ES99"], cells: rows, lang: lang)
    }

    /// Each party's share of the loss, each pool's flows, and breaker actions by year, where present.
    func parties() -> String {
        var html = ""
        let keys = [Figure.poolPaid, .guarantorLoss, .insurerLoss, .appraiserLoss, .bankNetLoss, .claimsDenied, .ipRecoveries, .clawbackPools]
        let rows: [[Cell]] = keys.compactMap { key in
            let m = files.metric(key)
            guard let mean = m["mean"], (m["max"] ?? 0) != 0 || key == .poolPaid || key == .bankNetLoss else { return nil }
            return [.text(lang.label(key)), .money(mean, se: m["se"] ?? .nan), .money(m["q99"] ?? .nan)]
        }
        if rows.count > 2 {
            html += "<h2>\(esc(lang.t("parties")))</h2>" + Report.table([lang.t("metric"), "\(lang.t("mean")) ± \(lang.t("se"))", "P99"], cells: rows, lang: lang)
        }
        let pools = files.summary.pools
        if pools.count > 1 {
            let order = files.scenario.map { $0.allPools.map(\.name) } ?? pools.keys.sorted()
            let names = order.filter { pools[$0] != nil } + pools.keys.filter { !order.contains($0) }.sorted()
            let rows: [[Cell]] = names.compactMap { name in
                guard let p = pools[name] else { return nil }
                return [.text(called(name)), .money(p.paid.mean), .money(p.unpaid.mean), .money(p.balanceEnd.mean),
                        .text(lang.percent(p.depletion.probability, decimals: 2))]
            }
            html += "<h2>\(esc(lang.t("pools")))</h2>" + Report.table([lang.t("pool"), lang.label(.poolPaid), lang.label(.unpaidClaims),
                                                                       lang.label(.poolBalanceEnd), lang.t("depletion")], cells: rows, lang: lang)
        }
        let b = files.summary.breakers, any = b.pSuspendedByYearAnyBank
        if any.last ?? 0 > 0 {
            var rows = [[lang.t("anybank")] + any.map { lang.percent($0, decimals: 1) }]
            for (bank, v) in b.pSuspendedByYear.sorted(by: { $0.key < $1.key }) {
                rows.append([called(bank)] + v.map { lang.percent($0, decimals: 1) })
            }
            html += "<h2>\(esc(lang.t("suspended")))</h2>" + Report.table([lang.t("banks")] + any.indices.map { yearName($0) }, rows)
        }
        return html
    }

    /// The bank's P&L with and without compensation, RAROC, the linkage leg, and the fiscal view.
    func economics() -> String {
        let income = files.metric(.bankNetIncome)
        guard income["mean"] != nil else { return "" }
        func row(_ key: Figure, unit: String = "万元") -> [Cell]? {
            let m = files.metric(key)
            guard let mean = m["mean"] else { return nil }
            return [.text(lang.label(key)), lang.cell(mean, m["se"] ?? .nan, unit: unit),
                    lang.cell(m["q05"] ?? .nan, unit: unit), lang.cell(m["q50"] ?? .nan, unit: unit), lang.cell(m["q95"] ?? .nan, unit: unit)]
        }
        var rows = [Figure.interestIncome, .fundingCost, .operatingCost, .feeIncome, .bankNetLoss, .bankNetIncome, .bankNetIncomeWithoutCompensation].compactMap { row($0) }
        rows += [Figure.raroc, .rarocWithoutCompensation].compactMap { row($0, unit: "probability") }
        let head = [lang.t("metric"), "\(lang.t("mean")) ± \(lang.t("se"))", "P5", "P50", "P95"]
        var html = "<h2>\(esc(lang.t("bank")))</h2>" + Report.table(head, cells: rows, lang: lang) + banksTable() + sectorsTable()
        let econ = files.summary.economics
        if let beats = econ.pLinkageBeatsLending {
            let cover = econ.linkageCoverOfCreditLosses
            let lrows = [Figure.linkageInvested, .linkageProceeds, .linkageNet, .combinedNetIncome].compactMap { row($0) }
                + [[lang.t("beats"), lang.pm(beats, econ.pLinkageBeatsLendingSe ?? .nan, unit: "probability"), "", "", ""],
                   [lang.t("cover"), lang.pm(cover?.value ?? .nan, cover?.se ?? .nan, unit: "probability"), "", "", ""]].map { $0.map(Cell.text) }
            html += "<h2>\(esc(lang.t("linkage")))</h2>" + Report.table(head, cells: lrows, lang: lang)
        }
        var frows = [Figure.poolPaid, .interestSubsidies, .guaranteeFeeSubsidies, .insuranceSubsidies, .appraisalSubsidies, .adminFees, .clawbackPools, .fiscalCost, .fiscalCostPV].compactMap { (key: Figure) -> [Cell]? in
            let m = files.metric(key)
            guard let mean = m["mean"], (m["max"] ?? 0) != 0 || key == .fiscalCost || key == .fiscalCostPV else { return nil }
            return [.text(lang.label(key)), .money(mean, se: m["se"] ?? .nan), .money(m["q50"] ?? .nan), .money(m["q99"] ?? .nan)]
        }
        // The government's ratios: ratios of means with their delta-method standard errors.
        for (key, r) in [("perfirm", econ.fiscalCostPerFirm), ("perloan", econ.fiscalCostPerLoan), ("leverage", econ.lendingPerPoolCapital),
                         ("perfiscal", econ.lendingPerFiscalCost)] {
            frows.append([.text(lang.t(key)), r.map { lang.cell($0.value, $0.se ?? .nan, unit: $0.unit) } ?? .text("–"), .text(""), .text("")])
        }
        html += "<h2>\(esc(lang.t("fiscal")))</h2>" + Report.table([lang.t("metric"), "\(lang.t("mean")) ± \(lang.t("se"))", "P50", "P99"], cells: frows, lang: lang)
        return html
    }

    /// Each bank's net loss after compensation, the compensation it received and its net income.
    func banksTable() -> String {
        let e = files.summary.economics
        guard let loss = e.bankNetLossByBank, let paid = e.compensationByBank, loss.count > 1 else { return "" }
        let names = files.scenario?.banks.map(\.name).filter { loss[$0] != nil } ?? loss.keys.sorted()
        let rows: [[Cell]] = names.map { b in
            [.text(called(b)), .money(loss[b]?.mean ?? .nan, se: loss[b]?.se ?? .nan), .money(loss[b]?.q99 ?? .nan),
             .money(paid[b]?.mean ?? .nan), e.bankNetIncomeByBank[b].map { .money($0.mean, se: $0.se) } ?? .text("–")]
        }
        return "<h3>\(esc(lang.t("bybank")))</h3>" + Report.table([lang.t("banks"), lang.t("bybank.loss"), "P99", lang.t("bybank.paid"), lang.t("bybank.income")],
                                                                  cells: rows, lang: lang)
    }

    /// Each sector's defaults, principal loss and claims on the pools (cohorts' and tape loans' sectors).
    func sectorsTable() -> String {
        guard let rows = files.summary.bySector, rows.count > 1 else { return "" }
        let body: [[Cell]] = rows.map { r in
            [.text(called(r.sector)), .text(lang.group(r.defaults.mean, decimals: 1) + " " + lang.t("unit.loans")), .money(r.grossLoss.mean, se: r.grossLoss.se),
             .money(r.grossLoss.q99), .money(r.poolClaims.mean, se: r.poolClaims.se)]
        }
        return "<h3>\(esc(lang.t("bysector")))</h3>" + Report.table([lang.t("sector"), lang.t("bysector.defaults"), lang.t("bysector.loss"), "P99",
                                                                     lang.t("bysector.claims")], cells: body, lang: lang)
    }

    func fanChart() -> String {
        let ts = files.timeseries
        let months = ts.values(.month)
        let q = TimeseriesColumn.fanPercents.map { ts.values(.quantile(series: "pool_balance", percent: $0)) }
        let pdep = ts.values(.pDepletedByStep)
        guard !months.isEmpty else { return "" }
        var c = SVGChart(id: "fan", height: 340)
        let xHi = months.last!, yHi = max(q[4].max() ?? 1, 1) * 1.05
        let unitIsYi = yHi >= 20_000
        let scale = unitIsYi ? 10_000.0 : 1
        c.axes(xLo: 0, xHi: xHi, yLo: 0, yHi: yHi, xLabel: lang.t("month"),
               yLabel: "\(lang.t("fan.axis")) (\(unitIsYi ? "亿元" : "万元"))", fmt: { lang.group($0 / scale, decimals: unitIsYi ? 1 : 0) })
        func pts(_ v: [Double]) -> [(Double, Double)] { zip(months, v).map { (c.x($0, 0, xHi), c.y($1, 0, yHi)) } }
        c.band(upper: pts(q[4]), lower: pts(q[0]), color: "#2563eb", opacity: 0.15, title: "5–95%")
        c.band(upper: pts(q[3]), lower: pts(q[1]), color: "#2563eb", opacity: 0.3, title: "25–75%")
        c.polyline(pts(q[2]), color: "#1d4ed8", width: 2.5, title: lang.t("mean") == "Mean" ? "median" : "中位数")
        // P(depleted by month) on a right-hand 0–100% axis.
        let right = c.left + c.plotWidth
        for t in [0.0, 0.5, 1.0] {
            c.text(lang.percent(t, decimals: 0), x: right + 6, y: c.y(t, 0, 1) + 4, cls: "tick", color: "#dc2626")
        }
        c.rightAxisTitle(lang.t("pdep"), color: "#dc2626")
        c.polyline(zip(months, pdep).map { (c.x($0, 0, xHi), c.y($1, 0, 1)) }, color: "#dc2626", width: 1.8, dash: "6 3", title: lang.t("pdep"))
        if let i = pdep.firstIndex(where: { $0 >= 0.5 }) {
            c.vline(at: c.x(months[i], 0, xHi), color: "#dc2626", label: "\(lang.t("pdep50")): \(lang.monthLabel(wholeText(months[i])))")
        }
        return c.render(label: lang.t("fan")) + Report.legend([("5–95%", "rgba(37,99,235,0.25)"), ("25–75%", "rgba(37,99,235,0.5)"),
                                                               ("P50", "#1d4ed8"), (lang.t("pdep") + " →", "#dc2626")])
    }

    func depletionBars() -> String {
        let p = files.depletion.byYear
        let se = files.depletion.byYearSe ?? Array(repeating: 0, count: p.count)
        guard !p.isEmpty else { return "" }
        var c = SVGChart(id: "depletion-by-year", height: 260)
        let n = Double(p.count)
        c.axes(xLo: 0.5, xHi: n + 0.5, yLo: 0, yHi: 1, xLabel: lang.t("year"), yLabel: lang.t("depletion"),
               xTicks: (1...p.count).map(Double.init), fmt: { lang.percent($0, decimals: 0) },
               xFmt: { x in files.summary.calendarYears.flatMap { c in c.indices.contains(Int(x) - 1) ? String(c[Int(x) - 1].calendarYear) : nil } ?? wholeText(x) })
        let w = c.plotWidth / n * 0.6
        for (i, v) in p.enumerated() {
            let xc = c.x(Double(i + 1), 0.5, n + 0.5)
            c.rect(x: xc - w / 2, y: c.y(v, 0, 1), w: w, h: c.y(0, 0, 1) - c.y(v, 0, 1), color: "#f59e0b",
                   title: "\(yearName(i)): \(lang.percent(v, decimals: 2)) ± \(lang.percent(1.96 * se[i], decimals: 2))")
            let lo = max(0, v - 1.96 * se[i]), hi = min(1, v + 1.96 * se[i])
            c.add("<line x1=\"\(f(xc))\" x2=\"\(f(xc))\" y1=\"\(f(c.y(lo, 0, 1)))\" y2=\"\(f(c.y(hi, 0, 1)))\" stroke=\"#111827\"/>")
            c.text(lang.percent(v, decimals: 1), x: xc, y: c.y(v, 0, 1) - 6, anchor: "middle")
        }
        return c.render(label: lang.t("depyear"))
    }

    /// The distribution of a money metric across paths. An importance-sampled run's paths were drawn from
    /// the shifted law, so each counts its weight's share (`w / Σ w`): the bars then show the plain law,
    /// not the sample (unweighted, 89% of the paths of a run aimed at the baseline's 99.9% loss sat at the
    /// pool's capital, where 26% of the probability is).
    func histogram(_ figure: Figure) -> String {
        let key = figure.key
        let all = files.paths.values(figure)
        let weightColumn = files.paths.values(.weight)
        let weighted = weightColumn.count == all.count && !weightColumn.isEmpty
        let kept = all.indices.filter { all[$0].isFinite && (!weighted || (weightColumn[$0].isFinite && weightColumn[$0] >= 0)) }
        let values = kept.map { all[$0] }, mass = kept.map { weighted ? weightColumn[$0] : 1 }
        let total = mass.reduce(0, +)
        guard let lo = values.min(), let hi = values.max(), total > 0 else { return "" }
        let m = files.metric(figure)
        let bins = 40
        let span = hi > lo ? hi - lo : 1
        var sums = [Double](repeating: 0, count: bins)
        for (v, w) in zip(values, mass) {
            // Extreme values (±1.7e308) overflow the arithmetic: put them in the end bins.
            let f = (v - lo) / span * Double(bins)
            sums[f.isFinite ? min(bins - 1, max(0, Int(f))) : (v > 0 ? bins - 1 : 0)] += w
        }
        let shares = sums.map { $0 / total }
        var c = SVGChart(id: "loss-\(key)", height: 260)
        let yHi = (shares.max() ?? 1) * 1.45  // headroom for the two marker labels above the bars
        let xLo = lo, xHi = hi > lo ? hi : lo + 1
        let yi = xHi >= 20_000
        c.axes(xLo: xLo, xHi: xHi, yLo: 0, yHi: yHi, xLabel: "\(lang.label(figure)) (\(yi ? "亿元" : "万元"))", yLabel: lang.t(weighted ? "frequency.weighted" : "frequency"),
               fmt: { lang.percent($0, decimals: 0) }, xFmt: { lang.group($0 / (yi ? 10_000 : 1), decimals: yi ? 1 : 0) })
        let bw = c.plotWidth / Double(bins)
        for (i, s) in shares.enumerated() where s > 0 {
            let from = lo + span * Double(i) / Double(bins)
            c.rect(x: c.left + bw * Double(i) + 0.5, y: c.y(s, 0, yHi), w: bw - 1, h: c.y(0, 0, yHi) - c.y(s, 0, yHi), color: "#60a5fa",
                   title: "\(lang.money(from, decimals: 0)) – \(lang.money(from + span / Double(bins), decimals: 0)): \(lang.percent(s, decimals: 2))")
        }
        // VaR's label left of its line, ES's right of its own (ES ≥ VaR), in two rows above the bars.
        if let v = m["q99"], v.isFinite {
            let label = "\(lang.t("var99")) \(lang.money(v))", xx = c.x(v, xLo, xHi)
            c.vline(at: xx, color: "#b91c1c", label: label, row: 0, side: xx - 4 - SVGChart.textWidth(label) >= c.left ? -1 : 1)
        }
        if let e = m["es99"], e.isFinite { c.vline(at: c.x(e, xLo, xHi), color: "#7c3aed", label: "\(lang.t("es99")) \(lang.money(e))", row: 1) }
        return c.render(label: lang.t(key))
    }

    func inputs() -> String {
        guard let s = files.scenario else { return "<p class=\"note\">scenario.json missing</p>" }
        var html = "<h3>\(esc(lang.t("cohorts")))</h3>"
        html += Report.table([lang.t("cohorts"), lang.t("type"), lang.t("firms"), lang.t("pd"), lang.t("rho"), lang.t("size"), lang.t("lgd"),
                              lang.t("term"), lang.t("ratio"), lang.t("eligible")],
                             s.cohorts.map { c in
                                 [called(c.name), lang.t("type." + c.type), lang.group(Double(c.firms), decimals: 0), lang.percent(c.pd, decimals: 2), String(format: "%.3f", c.rho),
                                  lang.money(c.loanSizeMedianWan, decimals: 0),
                                  lang.percent(c.lgd, decimals: 0) + (c.lgdModel == "frye-jacobs" ? lang.t("lgd.downturn") : ""),
                                  "\(c.termMonths) \(lang.t("months"))", lang.percent(c.compensationRatio, decimals: 0),
                                  c.eligible ? lang.t("yes") : lang.t("no")]
                             })
        html += cohortRules(s)
        if let b = s.book {
            html += "<h3>\(esc(lang.t("book")))</h3><p class=\"note\">" + esc(String(format: lang.t("book.note"), b.tape, b.asOf, lang.group(Double(b.loans), decimals: 0),
                                                                                        lang.money(b.amountWan), lang.percent(b.weightedAnnualPd, decimals: 2))) + "</p>"
            html += Report.table([lang.t("book.type"), lang.t("book.loans"), lang.t("book.amount"), lang.t("book.rules")],
                                 b.byType.map { [lang.t("loan." + $0.type), lang.group(Double($0.loans), decimals: 0), lang.money($0.amountWan), $0.rules] })
        }
        html += fundInputs(s)
        let p = s.programme
        var programmeRows = [
            [lang.t("ratio") + " " + lang.t("ratio.types"), "\(lang.percent(p.ratioCredit, decimals: 0)) / \(lang.percent(p.ratioCollateralised, decimals: 0))"],
            [lang.t("cap"), p.perLoanCapWan.map { lang.money($0, decimals: 0) } ?? lang.t("none")],
            [lang.t("limit"), p.perFirmLimitWan.map { lang.money($0, decimals: 0) } ?? lang.t("none")],
            [lang.t("lag"), "\(p.claimLagMonths) \(lang.t("months"))"],
        ]
        let zh = lang == .zh
        let pct = { (x: Double) in lang.percent(x, decimals: 1) }, money0 = { (x: Double) in lang.money(x, decimals: 0) }
        programmeRows += (p.compensation?.describe(chinese: zh, percent: pct, money: money0) ?? []).map { [$0.label, $0.value] }
        if let cap = p.publicCap { programmeRows.append([zh ? "各资金池合计补偿上限" : "Cap on all pools together", zh ? "单笔损失的 \(pct(cap))" : "\(pct(cap)) of each loss"]) }
        if p.stacking == true {
            programmeRows.append([zh ? "多项补偿叠加" : "Schemes stack", zh ? "一笔贷款可获多个资金池补偿" : "a loan may be compensated by more than one scheme"])
        }
        if let cap = p.perBankYearCap {
            let row = cap.describe(chinese: lang == .zh, percent: { lang.percent($0, decimals: 1) }, money: { lang.money($0, decimals: 0) })
            programmeRows.append([row.label, row.value])
        }
        html += "<h3>\(esc(lang.t("programme")))</h3>" + Report.table([lang.t("metric"), ""], programmeRows, cls: "prov")
        // Every pool (older files have only `pool`) and every breaker with its own metric and action.
        let pools = s.allPools
        for pool in pools {
            let topups = pool.topUps.map { "\(lang.monthLabel(String($0.month))): \(lang.money($0.amount, decimals: 0))" }
            let funders = pool.funders.map { "\($0.name) \(lang.percent($0.share, decimals: 0))" }
            let title = lang.t("pool") + (pools.count > 1 ? " · " + pool.name : "")
            var rows = [
                [lang.t("initial"), lang.money(pool.initialWan, decimals: 0)],
                [lang.t("topups"), topups.isEmpty ? lang.t("none") : topups.joined(separator: "; ")],
                [lang.t("interest_rate"), lang.percent(pool.interestRate, decimals: 2)],
                [lang.t("fee"), lang.percent(pool.adminFeeRate, decimals: 2)],
                [lang.t("funders"), funders.isEmpty ? lang.t("none") : funders.joined(separator: "; ")],
            ]
            let shortfall = pool.shortfall.describe(chinese: lang == .zh)
            rows.append([shortfall.label, shortfall.value])
            if let covers = pool.covers?.describe(chinese: lang == .zh, named: called) { rows.append([covers.label, covers.value]) }
            if let rules = pool.compensation {
                rows.append([lang.t("ratio") + " " + lang.t("ratio.types"), "\(lang.percent(rules.credit, decimals: 0)) / \(lang.percent(rules.collateralised, decimals: 0))"])
                rows += rules.describe(chinese: lang == .zh, percent: { lang.percent($0, decimals: 1) }, money: { lang.money($0, decimals: 0) }).map { [$0.label, $0.value] }
            }
            if let refill = pool.refill {
                let row = refill.describe(chinese: lang == .zh) { lang.money($0, decimals: 0) }
                rows.append([row.label, row.value])
            }
            if let cap = pool.perBankYearCap {
                let row = cap.describe(chinese: lang == .zh, percent: { lang.percent($0, decimals: 1) }, money: { lang.money($0, decimals: 0) }, ownPool: true)
                rows.append([row.label, row.value])
            }
            html += "<h3>\(esc(title))</h3>" + Report.table([lang.t("metric"), ""], rows, cls: "prov")
        }
        for b in s.allBreakers {
            let rows = b.describe(chinese: lang == .zh, named: called) { lang.percent($0, decimals: 1) }
            html += "<h3>\(esc(lang.t("breaker")))</h3>" + Report.table([lang.t("metric"), ""], rows.map { [$0.label, $0.value] }, cls: "prov")
        }
        html += "<h3>\(esc(lang.t("stresses")))</h3>"
        html += s.stresses.isEmpty ? "<p class=\"note\">\(esc(lang.t("none")))</p>" : Report.table(
            ["", lang.t("month"), "ΔZ", "PD ×", "haircut +", "ρ ×"],
            s.stresses.map { st in
                [st.name, "\(st.fromMonth)–\(st.toMonth)", String(format: "%+.2f", st.macroShift), String(format: "%.2f", st.pdMultiplier),
                 lang.percent(st.collateralHaircut, decimals: 0), String(format: "%.2f", st.rhoMultiplier)]
            })
        html += "<h3>\(esc(lang.t("banks")))</h3>" + Report.table([lang.t("banks"), lang.t("share")],
                                                                 s.banks.map { [$0.name, lang.percent($0.share, decimals: 0)] })
        return html
    }
}
