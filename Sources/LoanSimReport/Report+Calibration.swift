import LoanSimFiles
import Foundation

/// The calibration sections of a run report: the figures at the point estimate beside those that
/// include parameter uncertainty, and the posterior predictive check against the programme's record.
extension RunPage {
    static let calibrationText: [ReportLanguage: [String: String]] = [
        .en: [
            "pu": "Parameter uncertainty", "pu.point": "at the point estimate", "pu.full": "including parameter uncertainty",
            "pu.note": "PD and ρ come from a calibration to the programme's record (%@). The first column runs every path at the posterior mean; the second draws (PD, ρ) from the posterior for each path, so its spread includes what the record leaves unknown. The headline table above is the second.",
            "pu.dep": "P(pool run dry by the end of %d)", "pu.any": "P(a breaker stops some bank by the horizon)",
            "pu.readings": "The breaker's exact reading is not published: the calibration averages over %1 readings, weighted by how well each agrees with the record, and each path draws a reading with its parameters (share of the draws: %2); the point-estimate column keeps the rule as written.",
            "ppc": "Check against the record", "ppc.note": "Each quantity the public record reports, against the simulation at the same month: its central 90% interval, the share of paths that agree with the record and, for an exact record, the record's percentile among the paths.",
            "ppc.quantity": "observed quantity", "ppc.month": "month", "ppc.record": "record", "ppc.interval": "simulated 90% interval",
            "ppc.agree": "paths that agree", "ppc.pct": "percentile", "ppc.verdict": "record inside the interval", "ppc.in": "yes", "ppc.out": "NO", "ppc.inMost": "yes, but most paths disagree",
        ],
        .zh: [
            "pu": "参数不确定性", "pu.point": "按点估计", "pu.full": "计入参数不确定性",
            "pu.note": "违约概率与资产相关性 ρ 由项目公开记录校准（%@）。第一列每条路径均取后验均值；第二列每条路径从后验分布抽取（PD, ρ），其离散程度包含记录无法确定的部分。上方主要结果表为第二列口径。",
            "pu.dep": "%d末资金池耗尽概率", "pu.any": "模拟期内任一银行被熔断的概率",
            "pu.readings": "熔断规则的具体口径未公开：校准对 %1 种口径按其与记录的相符程度加权平均，每条路径随参数一并抽取一种口径（各口径占抽样比例：%2）；点估计一列按情景原文口径。",
            "ppc": "与公开记录的对照检验", "ppc.note": "公开记录中的每一项数据，与同一月份的模拟结果对照：模拟值的 90% 区间、与记录相符的路径占比，以及（记录为确切值时）记录值在模拟分布中的分位。",
            "ppc.quantity": "记录项", "ppc.month": "月份", "ppc.record": "记录值", "ppc.interval": "模拟 90% 区间",
            "ppc.agree": "相符路径占比", "ppc.pct": "分位", "ppc.verdict": "记录落在区间内", "ppc.in": "是", "ppc.out": "否", "ppc.inMost": "是，但多数路径不符",
        ],
    ]

    func ct(_ key: String) -> String { Self.calibrationText[lang]?[key] ?? key }

    func calibrationSections() -> String {
        var html = ""
        if let pu = files.summary.parameterUncertainty, let point = pu.pointEstimate {
            html += "<h2>\(esc(ct("pu")))</h2><p class=\"note\">"
                + esc(ct("pu.note")).replacingOccurrences(of: "%@", with: "<code>\(esc(pu.calibration))</code>") + "</p>"
            let pointDep = point.depletion.byYear, pointSE = point.depletion.byYearSe ?? []
            let fullDep = files.depletion.byYear, fullSE = files.depletion.byYearSe ?? []
            var rows: [[Cell]] = []
            for y in 0..<min(pointDep.count, fullDep.count) {
                func cell(_ p: [Double], _ se: [Double]) -> String {
                    lang.pm(p[y], se.count > y ? se[y] : .nan, unit: "probability", paths: files.summary.importance == nil ? files.summary.paths : 0)
                }
                rows.append([ct("pu.dep").replacingOccurrences(of: "%d", with: yearPhrase(y)), cell(pointDep, pointSE), cell(fullDep, fullSE)].map(Cell.text))
            }
            for key in [Figure.poolPaid, .bankNetLoss, .fiscalCost, .defaults] {
                let unit = key.unit
                func stat(_ m: [String: Double], _ k: String) -> Double { m[k] ?? .nan }
                let a = point.metrics[key.key]?.fields ?? [:], b = files.metric(key)
                func tail(_ m: [String: Double]) -> Cell {
                    unit == "万元" ? .amounts([stat(m, "q95"), stat(m, "q99")], format: "%1 / %2")
                                  : .text("\(lang.value(stat(m, "q95"), unit: unit)) / \(lang.value(stat(m, "q99"), unit: unit))")
                }
                rows.append([.text("\(lang.label(key)) (\(lang.t("mean")))"), lang.cell(stat(a, "mean"), stat(a, "se"), unit: unit),
                             lang.cell(stat(b, "mean"), stat(b, "se"), unit: unit)])
                rows.append([.text("\(lang.label(key)) (P95 / P99)"), tail(a), tail(b)])
            }
            if let a = point.pSuspendedByYearAnyBank.last, let b = files.summary.breakers.pSuspendedByYearAnyBank.last {
                rows.append([ct("pu.any"), lang.percent(a, decimals: 2), lang.percent(b, decimals: 2)].map(Cell.text))
            }
            html += Report.table(["", ct("pu.point"), ct("pu.full")], cells: rows, lang: lang)
            if let readings = pu.breakerReadings, !readings.isEmpty {
                let list = readings.filter { $0.shareOfDraws > 0 }.map { "\(lang == .zh ? $0.nameZh : $0.name) \(lang.percent($0.shareOfDraws, decimals: 1))" }
                html += "<p>" + esc(fill(ct("pu.readings"), [String(readings.count), list.joined(separator: lang == .zh ? "，" : ", ")])) + "</p>"
            }
        }
        if let checks = files.summary.predictiveCheck, !checks.isEmpty {
            html += "<h2>\(esc(ct("ppc")))</h2><p class=\"note\">\(esc(ct("ppc.note")))</p>"
            var rows: [[Cell]] = []
            for c in checks {
                let unit = c.unit
                let interval = c.interval90.count == 2 ? c.interval90 : [.nan, .nan]
                func show(_ x: Double) -> String {
                    switch unit {
                    case "万元": return lang.money(x)
                    case "loans": return lang.count(x, decimals: 0)
                    default: return lang.group(x, decimals: 0)
                    }
                }
                var observed = c.observed
                var relation = ""
                for (op, sign) in [(">=", "≥ "), ("<=", "≤ ")] where observed.hasPrefix(op) {
                    relation = sign
                    observed = String(observed.dropFirst(op.count)).trimmingCharacters(in: .whitespaces)
                }
                let value = Double(observed)
                // Money takes its column's unit; counts are written as they are.
                let record: Cell = unit == "万元" ? value.map { .amounts([$0], format: relation + "%1") } ?? .text(observed)
                                                  : .text(value.map { relation + show($0) } ?? observed)
                let range: Cell = unit == "万元" ? .amounts(interval, format: "[%1, %2]") : .text("[\(show(interval[0])), \(show(interval[1]))]")
                let name = lang == .zh ? c.nameZh : c.name
                rows.append([.text(name), .text(files.scenario?.start == nil ? "\(c.month)" : checkMonth(c.month)), record, range,
                             .text(lang.percent(c.pAgree, decimals: 1)), .text(c.percentile.map { lang.percent($0, decimals: 1) } ?? "–"),
                             .text(!c.inside ? ct("ppc.out") : Self.disagrees(c) ? ct("ppc.inMost") : ct("ppc.in"))])
            }
            html += Report.table([ct("ppc.quantity"), ct("ppc.month"), ct("ppc.record"), ct("ppc.interval"), ct("ppc.agree"), ct("ppc.pct"), ct("ppc.verdict")],
                                 cells: rows, lang: lang)
        }
        return html
    }
}
