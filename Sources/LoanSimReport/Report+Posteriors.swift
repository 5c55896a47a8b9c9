import Foundation
import LoanSimFiles

/// The whole record's posterior beside the counts' alone (`drivers.posteriors`): P(dry) by year under
/// each on the same paths, the headline's paired change, and the record checks' agreement under each.
extension RunPage {
    static let posteriorText: [ReportLanguage: [String: String]] = [
        .en: ["title": "The whole record against the counts alone",
              "intro": "The run draws its PD from the posterior conditioned on the whole record (the counts, and the record's events: no bank suspended, pool never dry). On the same %1 paths, drawn instead from the posterior of the counts alone (with the breaker as the scenario writes it):",
              "cols": "Year|Whole record|Counts only",
              "pd": "Each calibrated cohort's annual PD under each posterior (mean, and the central 90% of the draws):",
              "pd.cols": "Cohort|Whole record|Counts only",
              "checks": "The share of paths that agree with each record check, under each posterior:",
              "checks.cols": "Record check|Whole record|Counts only",
              "answer": "Conditioned on the whole record P(dry by the end of %1) is %2; on the counts alone it would be %3 (%4)."],
        .zh: ["title": "全部记录与仅违约计数的后验对比",
              "intro": "本次运行的违约率取自以全部记录为条件的后验（违约计数，以及记录中的事件：没有银行被熔断、资金池未耗尽）。在相同的 %1 条路径上改取仅以违约计数为条件的后验（熔断规则按情景原文）：",
              "cols": "年度|全部记录|仅违约计数",
              "pd": "两种后验下各校准客群的年违约率（均值，以及抽样的中间 90% 区间）：",
              "pd.cols": "客群|全部记录|仅违约计数",
              "checks": "在两种后验下与各项记录核对一致的路径比例：",
              "checks.cols": "记录核对项|全部记录|仅违约计数",
              "answer": "以全部记录为条件，%1末前资金池耗尽概率为 %2；若只用违约计数则为 %3（%4）。"],
    ]

    func pt(_ key: String) -> String { Self.posteriorText[lang]?[key] ?? key }

    func posteriorAnswer() -> String? {
        guard let d = files.summary.drivers, let p = d.posteriors else { return nil }
        return fill(pt("answer"), [yearPhrase(d.year), lang.percent(d.base.estimate, decimals: 1), lang.percent(p.countOnlyHeadline.estimate, decimals: 1),
                                   points(p.countOnlyHeadline)])
    }

    func posteriorsSection(_ d: SummaryFile.Drivers) -> String {
        guard let p = d.posteriors else { return "" }
        let rows = p.wholeRecordByYear.indices.map { y in
            [yearName(y), lang.pm(p.wholeRecordByYear[y], p.wholeRecordByYearSe[y] ?? .nan, unit: "probability", paths: d.paths),
             lang.pm(p.countOnlyByYear[y], p.countOnlyByYearSe[y] ?? .nan, unit: "probability", paths: d.paths)]
        }
        var html = "<h3>\(esc(pt("title")))</h3>"
        if let pd = p.pd, !pd.isEmpty {
            func interval(_ x: [Double]) -> String {
                "\(lang.percent(x[0], decimals: 2)) (90%: \(lang.percent(x[1], decimals: 2))–\(lang.percent(x[2], decimals: 2)))"
            }
            html += "<p>\(esc(pt("pd")))</p>" + Report.table(pt("pd.cols").components(separatedBy: "|"),
                                                            pd.map { [called($0.cohort), interval($0.wholeRecord), interval($0.countOnly)] })
        }
        html += "<p>\(esc(fill(pt("intro"), [lang.group(Double(d.paths), decimals: 0)])))</p>"
            + Report.table(pt("cols").components(separatedBy: "|"), rows)
        if !p.checks.isEmpty {
            let checks = p.checks.map { [lang == .zh ? $0.nameZh : $0.name, lang.percent($0.pAgreeWholeRecord, decimals: 1), lang.percent($0.pAgreeCountOnly, decimals: 1)] }
            html += "<p>\(esc(pt("checks")))</p>" + Report.table(pt("checks.cols").components(separatedBy: "|"), checks)
        }
        return html
    }
}
