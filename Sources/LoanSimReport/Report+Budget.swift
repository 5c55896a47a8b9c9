import Foundation
import LoanSimFiles

/// The budget by year (summary.json `budget_by_year`): each programme year's flows, means across paths,
/// with the fiscal cost's P95.
extension RunPage {
    static let budgetText: [ReportLanguage: [String: String]] = [
        .en: ["title": "Budget by year (mean across paths; fiscal cost = payouts + admin fees − clawback + subsidies)",
              "year": "Year", "fiscal_q95": "Fiscal cost P95"],
        .zh: ["title": "各年度预算（各路径均值；财政成本 = 代偿支出 + 管理费 − 追偿返还 + 补贴）",
              "year": "年度", "fiscal_q95": "财政成本 P95"],
    ]

    func budgetByYear() -> String {
        let years = files.summary.budgetByYear.years
        guard !years.isEmpty else { return "" }
        let t = Self.budgetText[lang] ?? [:]
        // Columns that are zero in every year say nothing.
        let flows = BudgetFlow.allCases.filter { f in f == .payouts || f == .fiscalCost || years.contains { abs($0[f].mean) > 0 } }
        let header = [t["year"] ?? "year"] + flows.map { $0.label(chinese: lang == .zh) } + [t["fiscal_q95"] ?? "P95"]
        let rows: [[Cell]] = years.map { row in
            let y = row.year
            return [.text(files.summary.calendarYears == nil ? (lang == .zh ? "第\(y)年" : "\(y)") : yearName(y - 1))]
                + flows.map { .money(row[$0].mean) } + [.money(row.fiscalCost.q95)]
        }
        return "<h2>\(esc(t["title"] ?? ""))</h2>" + Report.table(header, cells: rows, lang: lang)
    }
}
