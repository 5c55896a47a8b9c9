import Foundation
import LoanSimFiles

/// Which pool gives way first (summary.json `pool_order`, two pools or more): a table of P(the row's pool
/// runs dry before the column's), its diagonal P(runs dry at all), and P(among the first to run dry).
extension RunPage {
    static let poolOrderText: [ReportLanguage: [String: String]] = [
        .en: ["title": "Which pool gives way first", "pool": "Pool",
              "note": "Each cell: the probability that the row's pool runs dry before the column's (the column's later or never, within the horizon), ± its standard error; the diagonal is the probability that the pool runs dry at all. The last column: the probability that no other pool ran dry earlier.",
              "first": "Among the first to run dry"],
        .zh: ["title": "哪个资金池先耗尽", "pool": "资金池",
              "note": "每格：行资金池早于列资金池耗尽的概率（列资金池在模拟期内更晚耗尽或未耗尽），± 标准误；对角线为该资金池耗尽的概率。最后一列：没有其他资金池更早耗尽的概率。",
              "first": "最先耗尽之一"],
    ]

    func poolOrderSection() -> String {
        guard let o = files.summary.poolOrder, o.pools.count > 1 else { return "" }
        let t = Self.poolOrderText[lang] ?? [:]
        // No standard error is shown as 0.0: none where the estimate has none (no path, or every path), two
        // decimals where one would round it away.
        func cell(_ p: Double, _ se: Double) -> Cell {
            guard se > 0 else { return .text(lang.percent(p, decimals: 1)) }
            let d = se < 0.0005 ? 2 : 1
            return .text(lang.percent(p, decimals: d) + " ± " + lang.percent(se, decimals: d))
        }
        let rows: [[Cell]] = o.pools.indices.map { a in
            [.text(called(o.pools[a]))] + o.pools.indices.map { b in cell(o.before[a][b], o.beforeSe[a][b]) } + [cell(o.first[a], o.firstSe[a])]
        }
        return "<h2>\(esc(t["title"] ?? ""))</h2><p class=\"note\">\(esc(t["note"] ?? ""))</p>"
            + Report.table([t["pool"] ?? ""] + o.pools.map(called) + [t["first"] ?? ""], cells: rows, lang: lang)
    }
}
