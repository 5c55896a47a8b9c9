import Foundation
import LoanSimFiles

/// A comparison's first screen: per scenario, what it changes against the first in the policy
/// question's terms — P(the pool runs dry), the fiscal cost, the firms financed and the fiscal cost per
/// firm — each paired difference with its 95% interval, saying so where the interval holds zero.
extension ComparePage {
    static let answerText: [ReportLanguage: [String: String]] = [
        .en: ["title": "The answer first", "against": "%1 against %2: %3.", "same": "unchanged",
              "rank": "Ranked by %1, lowest first: %2.",
              "interval": "%1 (95% interval %2 to %3)", "unclear": "%1 (95% interval %2 to %3: no clear change)"],
        .zh: ["title": "结论", "against": "%1 相对于 %2：%3。", "same": "不变",
              "rank": "按%1由低到高排序：%2。",
              "interval": "%1（95% 区间 %2 至 %3）", "unclear": "%1（95% 区间 %2 至 %3，无明显变化）"],
    ]

    /// The rows the answer speaks of, in this order, where the comparison has them; else its first four.
    static let answerMetrics = ["depletion.probability", "fiscal_cost.mean", "distinct_firms_financed.mean", "fiscal_cost/distinct_firms_financed"]

    func at(_ key: String) -> String { Self.answerText[lang]?[key] ?? key }

    func answer() -> String {
        let chosen = Self.answerMetrics.compactMap { m in rows.first { $0.metric == m } }
        let shown = chosen.isEmpty ? Array(rows.prefix(4)) : chosen
        guard names.count > 1, !shown.isEmpty else { return "" }
        let items = (1..<names.count).map { k -> String in
            let parts = shown.compactMap { row -> String? in
                guard k - 1 < row.differencesVsFirst.count else { return nil }
                return "\(name(row)) " + change(row.differencesVsFirst[k - 1], unit: unit(row))
            }
            return fill(at("against"), ["[\(k)] \(names[k])", "[0] \(names[0])", parts.joined(separator: lang == .zh ? "；" : "; ")])
        }
        return "<section class=\"answer\"><h2>\(esc(at("title")))</h2><ul>" + (items + ranking(shown[0])).map { "<li>\(esc($0))</li>" }.joined()
            + "</ul></section>"
    }

    /// The scenarios ranked by the answer's first figure (P(the pool runs dry) where the comparison has it).
    func ranking(_ row: CompareFile.Row) -> [String] {
        guard row.scenarios.count == names.count, names.count > 1 else { return [] }
        let order = row.scenarios.indices.sorted { (row.scenarios[$0].mean, $0) < (row.scenarios[$1].mean, $1) }
        let u = unit(row)
        let list = order.map { k in "[\(k)] \(names[k]) " + (u == "probability" ? lang.percent(row.scenarios[k].mean, decimals: 1) : lang.value(row.scenarios[k].mean, unit: u)) }
        return [fill(at("rank"), [name(row), list.joined(separator: lang == .zh ? "、" : ", ")])]
    }

    /// A paired difference in words: "unchanged" when it is exactly zero on every path, else the
    /// difference with its interval, flagged when the interval holds zero.
    func change(_ d: CompareFile.Difference, unit: String) -> String {
        if d.mean == 0 && d.se == 0 { return at("same") }
        let holdsZero = d.ci95Low <= 0 && d.ci95High >= 0
        return fill(at(holdsZero ? "unclear" : "interval"),
                    [lang.difference(d.mean, unit: unit), lang.difference(d.ci95Low, unit: unit), lang.difference(d.ci95High, unit: unit)])
    }
}
