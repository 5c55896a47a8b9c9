import Foundation
import LoanSimFiles

/// Scheme by scheme (two pools or more: the city's book, city + district + province): how much of the
/// live book a pool backstops, each pool's P(runs dry) by the end of each year and its cost by year
/// (mean and P95), from summary.json `backstop` and `pools`.
extension RunPage {
    static let schemeText: [ReportLanguage: [String: String]] = [
        .en: ["title": "Scheme by scheme", "year": "Year",
              "backstop": "Of the live book at the start, %1 (%2 of %3 loans) is backstopped by a public pool: %4.",
              "dry": "P(the pool has run dry) by the end of each year", "cost": "Each pool's cost by year (payouts + fees − recoveries returned): mean / P95"],
        .zh: ["title": "各项政策的资金池", "year": "年份",
              "backstop": "期初存量贷款 %1（%3 笔中的 %2 笔）有公共资金池分担风险：占 %4。",
              "dry": "各资金池截至各年末耗尽的概率", "cost": "各资金池各年成本（代偿 + 管理费 − 返还的回收款）：均值 / P95"],
    ]

    func schemesSection() -> String {
        let pools = files.summary.pools.keys.sorted { a, b in poolRank(a) < poolRank(b) }
        guard pools.count > 1, files.summary.pools.values.allSatisfy({ $0.costByYear != nil }) else { return "" }
        let t = Self.schemeText[lang] ?? [:]
        var html = "<h2>\(esc(t["title"] ?? ""))</h2>"
        if let b = files.summary.backstop {
            html += "<p>" + esc(fill(t["backstop"] ?? "", [lang.money(b.backstoppedWan), lang.group(b.backstoppedLoans, decimals: 0), lang.group(b.loans, decimals: 0),
                                                         lang.percent(b.share, decimals: 1)])) + "</p>"
        }
        let years = files.summary.pools[pools[0]]?.depletion.byYear.count ?? 0
        let dryRows: [[Cell]] = (0..<years).map { y in
            [.text(yearName(y))] + pools.map { p in .text(lang.percent(files.summary.pools[p]?.depletion.byYear[y] ?? .nan, decimals: 1)) }
        }
        html += "<h3>\(esc(t["dry"] ?? ""))</h3>" + Report.table([t["year"] ?? ""] + pools.map(called), cells: dryRows, lang: lang)
        let costYears = files.summary.pools[pools[0]]?.costByYear?.count ?? 0
        let costRows: [[Cell]] = (0..<costYears).map { y in
            [.text(yearName(y))] + pools.map { p in
                let f = files.summary.pools[p]?.costByYear?[y]
                return .amounts([f?.mean ?? .nan, f?.q95 ?? .nan], format: "%1 / %2 %u")
            }
        }
        html += "<h3>\(esc(t["cost"] ?? ""))</h3>" + Report.table([t["year"] ?? ""] + pools.map(called), cells: costRows, lang: lang)
        return html
    }

    /// Pools in the scenario's order (summary.json keeps them by name; the pool order block keeps the order).
    func poolRank(_ name: String) -> Int { files.summary.poolOrder?.pools.firstIndex(of: name) ?? Int.max }
}
