import Foundation
import LoanSimFiles

/// What drives the answer (`summary.json` `drivers`): Monte Carlo error, parameter uncertainty (P(dry)
/// by year at the posterior's 10%, 50% and 90% PD) and assumptions (a tornado over the scenario's
/// documented ranges, changes in percentage points with their paired standard errors); and the first
/// box's sentence naming the three assumptions that move the answer most.
extension RunPage {
    static let driverText: [ReportLanguage: [String: String]] = [
        .en: ["title": "What drives the answer: three kinds of uncertainty",
              "mc": "Monte Carlo error: P(the pool runs dry by the end of %1) is %2 ± %3 (standard error over %4 paths).",
              "pu": "Parameter uncertainty: the record pins the PD down only loosely; with every path at the posterior's 10%, 50% and 90% PD draw, P(dry by the end of each year) is:",
              "pu.cols": "Year|PD at its 10% quantile|at its median|at its 90% quantile",
              "tornado": "Assumptions: each input the scenario tags as an assumption with a documented range, set to each end (all else as given; %1 paths of the run's seed, so each change is paired):",
              "cols": "Input|As given|Range|At the low end|At the high end",
              "axis": "Change in P(dry by the end of %@), percentage points",
              "low": "At the range's low end", "high": "At the range's high end",
              "answer.top": "The assumptions that move P(dry by the end of %1) most: %2.",
              "answer.pu": "Parameter uncertainty: with every path at the posterior's 10% / 50% / 90% PD it is %1 / %2 / %3.",
              "pp": "pp"],
        .zh: ["title": "影响结论的因素：三类不确定性",
              "mc": "蒙特卡洛误差：%1末前资金池耗尽概率为 %2 ± %3（%4 条路径的标准误）。",
              "pu": "参数不确定性：公开记录对违约率的约束较弱；所有路径分别取后验第10、50、90百分位违约率时，各年末前耗尽概率为：",
              "pu.cols": "年度|违约率第10百分位|中位数|第90百分位",
              "tornado": "假设：情景中标注为假设且给出范围的每项输入分别取范围两端（其余不变；运行种子下 %1 条路径，变化为配对差值）：",
              "cols": "输入|情景取值|范围|取低端时|取高端时",
              "axis": "%@末前耗尽概率的变化（百分点）",
              "low": "取范围低端", "high": "取范围高端",
              "answer.top": "对%1末前耗尽概率影响最大的假设：%2。",
              "answer.pu": "参数不确定性：所有路径取后验第10/50/90百分位违约率时分别为 %1 / %2 / %3。",
              "pp": "个百分点"],
    ]

    func dt(_ key: String) -> String { Self.driverText[lang]?[key] ?? key }

    /// A change in percentage points with its standard error: "+4.7 ± 0.7 pp".
    func points(_ e: SummaryFile.Estimate) -> String {
        guard let c = e.change else { return "–" }
        // A minus sign, not a hyphen (nor accounting's parentheses).
        return String(format: "%+.1f ± %.1f ", c * 100, (e.changeSe ?? .nan) * 100).replacingOccurrences(of: "-", with: "−") + dt("pp")
    }

    /// The first box's sentences: the three assumptions that move the answer most, and the posterior PD quantiles.
    func driverAnswers() -> [String] {
        guard let d = files.summary.drivers else { return [] }
        var out: [String] = []
        let top = d.assumptions.prefix(3).map { a in
            "\(inputName(a.key)) \(a.low)–\(a.high)" + (lang == .zh ? "（" : " (") + points(a.atLow) + (lang == .zh ? " 至 " : " to ")
                + points(a.atHigh) + (lang == .zh ? "）" : ")")
        }
        if !top.isEmpty { out.append(fill(dt("answer.top"), [yearPhrase(d.year), top.joined(separator: lang == .zh ? "；" : "; ")])) }
        if d.parameterQuantiles.count == 3 {
            out.append(fill(dt("answer.pu"), d.parameterQuantiles.map { lang.percent($0.headline.estimate, decimals: 1) }))
        }
        if let p = posteriorAnswer() { out.append(p) }
        return out
    }

    func driversSection() -> String {
        guard let d = files.summary.drivers else { return "" }
        var html = "<h2>\(esc(dt("title")))</h2><p>" + esc(fill(dt("mc"), [yearPhrase(d.year), lang.percent(d.monteCarlo.estimate, decimals: 1),
                                                                         lang.percent(d.monteCarlo.se, decimals: 2), lang.group(Double(files.summary.paths), decimals: 0)])) + "</p>"
        if !d.parameterQuantiles.isEmpty {
            let years = d.parameterQuantiles[0].byYear.indices
            let rows = years.map { y in [yearName(y)] + d.parameterQuantiles.map { lang.pm($0.byYear[y], $0.byYearSe[y] ?? .nan, unit: "probability", paths: d.paths) } }
            html += "<p>\(esc(dt("pu")))</p>" + Report.table(dt("pu.cols").components(separatedBy: "|"), rows)
        }
        html += posteriorsSection(d)
        guard !d.assumptions.isEmpty else { return html }
        html += "<p>\(esc(fill(dt("tornado"), [lang.group(Double(d.paths), decimals: 0)])))</p>" + tornado(d)
            + Report.legend([(dt("low"), "#2563eb"), (dt("high"), "#f59e0b")])
        let rows = d.assumptions.map { a in [inputName(a.key), a.value, "\(a.low) – \(a.high)", points(a.atLow), points(a.atHigh)] }
        return html + Report.table(dt("cols").components(separatedBy: "|"), rows)
    }

    /// Horizontal bars from zero: each input's change at its low end and at its high end, largest swing on top.
    func tornado(_ d: SummaryFile.Drivers) -> String {
        let rows = d.assumptions
        var c = SVGChart(id: "tornado", height: 56 + Double(rows.count) * 26)
        let labelRight = 330.0, plotLeft = labelRight + 12, plotRight = c.width - 24
        let extent = max(0.01, rows.map(\.swing).max() ?? 0.01) * 1.1
        func x(_ v: Double) -> Double { plotLeft + (v + extent) / (2 * extent) * (plotRight - plotLeft) }
        let top = 10.0, bottom = top + Double(rows.count) * 26
        for t in niceTicks(-extent * 100, extent * 100) where abs(t) <= extent * 100 {
            let xx = x(t / 100)
            c.add("<line x1=\"\(f(xx))\" x2=\"\(f(xx))\" y1=\"\(f(top))\" y2=\"\(f(bottom))\" stroke=\"#e5e7eb\"/>")
            c.text(String(format: "%+g", t).replacingOccurrences(of: "+0", with: "0"), x: xx, y: bottom + 16, anchor: "middle")
        }
        c.add("<line x1=\"\(f(x(0)))\" x2=\"\(f(x(0)))\" y1=\"\(f(top))\" y2=\"\(f(bottom))\" stroke=\"#111827\"/>")
        for (i, a) in rows.enumerated() {
            let y = top + Double(i) * 26 + 4
            c.text(inputName(a.key), x: labelRight, y: y + 13, anchor: "end")
            for (e, color, end, name) in [(a.atLow, "#2563eb", a.low, dt("low")), (a.atHigh, "#f59e0b", a.high, dt("high"))] {
                let v = e.change ?? 0
                c.rect(x: min(x(0), x(v)), y: y + (color == "#2563eb" ? 0 : 9), w: abs(x(v) - x(0)), h: 9, color: color,
                       title: "\(inputName(a.key)) = \(end) (\(name)): \(points(e))")
            }
        }
        c.add("<text x=\"\(f((plotLeft + plotRight) / 2))\" y=\"\(f(c.height - 6))\" text-anchor=\"middle\" class=\"axis\">\(esc(fill(dt("axis"), [yearPhrase(d.year)])))</text>")
        return c.render(label: dt("title"))
    }
}
