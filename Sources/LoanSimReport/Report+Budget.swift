import Foundation
import LoanSimFiles

/// The budget by year (summary.json `budget_by_year`): each programme year's flows, means across paths,
/// with the fiscal cost's P95.
extension RunPage {
    static let budgetText: [ReportLanguage: [String: String]] = [
        .en: ["title": "Budget by year (mean across paths; fiscal cost = payouts + admin fees − clawback + subsidies)",
              "year": "Year", "payouts": "Payouts", "top_ups": "Top-ups", "interest": "Interest", "admin_fees": "Admin fees",
              "clawback": "Clawback", "subsidies": "Subsidies", "fiscal_cost": "Fiscal cost", "fiscal_q95": "Fiscal cost P95"],
        .zh: ["title": "各年度预算（各路径均值；财政成本 = 代偿支出 + 管理费 − 追偿返还 + 补贴）",
              "year": "年度", "payouts": "代偿支出", "top_ups": "补充资金", "interest": "利息收入", "admin_fees": "管理费",
              "clawback": "追偿返还", "subsidies": "补贴", "fiscal_cost": "财政成本", "fiscal_q95": "财政成本 P95"],
    ]

    func budgetByYear() -> String {
        let years = files.summary.budgetByYear.years
        guard !years.isEmpty else { return "" }
        let t = Self.budgetText[lang] ?? [:]
        func flow(_ row: SummaryFile.BudgetYear, _ key: String) -> SummaryFile.Flow {
            switch key {
            case "payouts": return row.payouts
            case "top_ups": return row.topUps
            case "interest": return row.interest
            case "admin_fees": return row.adminFees
            case "clawback": return row.clawback
            case "subsidies": return row.subsidies
            default: return row.fiscalCost
            }
        }
        func value(_ row: SummaryFile.BudgetYear, _ key: String) -> Double { flow(row, key).mean }
        var keys = ["payouts", "top_ups", "interest", "admin_fees", "clawback", "subsidies", "fiscal_cost"]
        // Columns that are zero in every year say nothing.
        keys = keys.filter { k in k == "payouts" || k == "fiscal_cost" || years.contains { abs(value($0, k)) > 0 } }
        let header = [t["year"] ?? "year"] + keys.map { t[$0] ?? $0 } + [t["fiscal_q95"] ?? "P95"]
        let rows: [[String]] = years.map { row in
            let y = row.year
            return [lang == .zh ? "第\(y)年" : "\(y)"] + keys.map { lang.money(value(row, $0)) } + [lang.money(row.fiscalCost.q95)]
        }
        return "<h2>\(esc(t["title"] ?? ""))</h2>" + Report.table(header, rows)
    }
}
