/// The budget's flows by programme year (docs/model.md §3.8), 万元, recorded on every path: what the
/// pools paid out, received as scheduled top-ups and refills, earned as interest, paid as admin fees and
/// got back as clawback; the subsidies (interest, guarantee-fee, insurance, appraisal); and the fiscal
/// cost, `payouts + admin fees − clawback + subsidies`. Year rows sum to the run's totals. Declared once:
/// key (`summary.json`'s `budget_by_year`), English and Chinese labels, for stdout and the report.
public enum BudgetFlow: Int, CaseIterable, Sendable {
    case payouts, topUps, interest, adminFees, clawback, subsidies, fiscalCost

    public var key: String {
        switch self {
        case .payouts: return "payouts"
        case .topUps: return "top_ups"
        case .interest: return "interest"
        case .adminFees: return "admin_fees"
        case .clawback: return "clawback"
        case .subsidies: return "subsidies"
        case .fiscalCost: return "fiscal_cost"
        }
    }

    /// The column's label in Chinese or English (stdout prints the English in lower case).
    public func label(chinese zh: Bool) -> String {
        switch self {
        case .payouts: return zh ? "代偿支出" : "Payouts"
        case .topUps: return zh ? "补充资金" : "Top-ups"
        case .interest: return zh ? "利息收入" : "Interest"
        case .adminFees: return zh ? "管理费" : "Admin fees"
        case .clawback: return zh ? "追偿返还" : "Clawback"
        case .subsidies: return zh ? "补贴" : "Subsidies"
        case .fiscalCost: return zh ? "财政成本" : "Fiscal cost"
        }
    }
}

extension SummaryFile.BudgetYear {
    /// The year's figures for `flow`.
    public subscript(_ flow: BudgetFlow) -> SummaryFile.Flow {
        switch flow {
        case .payouts: return payouts
        case .topUps: return topUps
        case .interest: return interest
        case .adminFees: return adminFees
        case .clawback: return clawback
        case .subsidies: return subsidies
        case .fiscalCost: return fiscalCost
        }
    }
}
