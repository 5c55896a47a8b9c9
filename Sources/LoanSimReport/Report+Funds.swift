import LoanSimFiles

/// The city's funds (docs/model.md §3.11): per fund its figures across paths, the IRR where defined,
/// P(below cost) and the joint P(a pool runs dry and the fund is below cost); then the city's combined
/// view by year. Absent without funds.
extension RunPage {
    static let fundLabels: [String: (en: String, zh: String)] = [
        "funds": ("The city's funds", "政府投资基金"),
        "paid_in": ("Paid in (tickets, follow-ons, fees)", "实缴出资（投资、追加投资、管理费）"),
        "fees": ("Management fees", "管理费"), "invested": ("Invested", "投资金额"),
        "distributions": ("Distributions", "分配"), "nav": ("NAV at the horizon, at cost", "期末净值（按成本）"),
        "gain": ("Gain: distributions + NAV − paid in", "收益：分配 + 净值 − 实缴"),
        "tvpi": ("TVPI", "TVPI（总价值/实缴）"), "dpi": ("DPI", "DPI（分配/实缴）"),
        "irr": ("IRR per year: median (P25 to P75), over the %@ of paths where it is defined", "年化内部收益率：中位数（P25 至 P75），基于有定义的 %@ 路径"),
        "firms": ("Firms invested", "投资企业数"), "failures": ("Failed", "失败"), "exits": ("Exited", "退出"),
        "sold_at_cost": ("Sold at cost after the holding period", "持有期满按成本转让"),
        "loans": ("Fund-backed programme loans", "基金投资企业的贷款"), "loan_defaults": ("of which defaulted", "其中违约"),
        "city_result": ("City's result (a loss when positive)", "市财政结果（正数为损失）"),
        "grants": ("Grants (拨投结合)", "拨投结合资助企业"), "grants_paid": ("Grants paid", "拨付资助"),
        "grants_converted": ("Converted into stakes at the next round", "后续融资时转为股权"),
        "grant_proceeds": ("Their stakes' proceeds", "转股后回收"), "grant_nav": ("Their stakes at cost at the horizon", "期末转股持有（按成本）"),
        "below": ("P(TVPI < 1)", "基金低于成本的概率（TVPI < 1）"),
        "joint": ("P(a pool runs dry and TVPI < 1)", "资金池耗尽且基金低于成本的概率"),
        "committed": ("Committed; city's share", "认缴规模；市级出资比例"),
        "combined": ("The city's cash by year: programme and funds", "市级财政现金流（按年）：贷款项目与基金"),
        "in.years": ("Investment years; new firms a year by cohort", "投资期（年）；各类企业每年新投数量"),
        "in.ticket": ("First ticket, median (lognormal)", "首轮投资额中位数（对数正态）"),
        "in.followon": ("Follow-on reserve; follow-on × first ticket", "追加投资预留；追加额 × 首轮"),
        "in.exit": ("Exit rate a year; multiple; holding period", "年退出率；退出倍数；持有期"),
        "in.holding": ("years", "年"), "in.pd": ("PD relative to the cohort", "相对所属群组的违约率倍数"),
        "combined.fiscal": ("Programme fiscal cost", "贷款项目财政成本"),
        "combined.funds": ("Net cash into the funds", "基金净出资"),
        "combined.sum": ("Combined", "合计"),
        "combined.note": ("Cash only. Net cash into the funds: the city's share of contributions less distributions. Each cell: the mean; P95.",
                          "仅含现金。基金净出资：市级出资份额减去分配。每格为均值；P95。"),
        "combined.held": ("Not cash: at the horizon the funds still hold firms the city's share of which cost %1 (mean; P95 %2); "
                          + "the city's fund result at cost is the years' net cash into the funds less this holding.",
                          "非现金：期末基金仍持有企业股权，按成本计的市级份额为 %1（均值；P95 为 %2）；按成本计的基金对市财政结果 = 各年基金净出资 − 该持有部分。"),
        "answer": ("Fund %1: the city pays in %2 a year on average (cash, net of distributions; %3 over the horizon) and still holds %4 at cost at the horizon; IRR median %5 (P25 %6, P75 %7).",
                   "%1：市级财政平均每年净出资 %2（现金，已扣除分配；期内合计 %3），期末仍按成本持有 %4；年化内部收益率中位数 %5（P25 为 %6，P75 为 %7）。"),
    ]

    /// The funds as the scenario gave them, in the report's inputs.
    func fundInputs(_ s: ScenarioFile) -> String {
        guard let funds = s.funds, !funds.isEmpty else { return "" }
        var html = ""
        for f in funds {
            func perYear(_ investments: [FundSpec.Investment]) -> String {
                investments.sorted { $0.cohort < $1.cohort }.map { i in
                    "\(i.cohort): " + (Set(i.byYear).count == 1 ? "\(i.byYear[0])" : i.byYear.map(String.init).joined(separator: " / "))
                }.joined(separator: ", ")
            }
            var rows: [[String]] = [
                [fundLabel("committed"), lang.money(f.committed, decimals: 0) + "; " + lang.percent(f.cityShare, decimals: 0)],
                [fundLabel("in.years"), "\(f.investmentYears); " + perYear(f.investments)],
                [fundLabel("in.ticket"), lang.money(f.ticket.median, decimals: 0) + ", σ \(f.ticket.sigma)"],
                [fundLabel("in.followon"), lang.percent(f.followOn.reserve, decimals: 0) + "; ×\(f.followOn.multiple)"],
                [fundLabel("fees"), lang.percent(f.managementFee, decimals: 2)],
                [fundLabel("in.exit"), lang.percent(f.exitRatePerYear, decimals: 1) + (lang == .zh ? "；帕累托分布 α " : "; Pareto α ") + "\(f.exitMultiple.paretoAlpha), ≥ ×\(f.exitMultiple.min); "
                    + "\(f.holdingYears) " + fundLabel("in.holding")],
                [fundLabel("in.pd"), "×\(f.pdMultiplier)"],
                [fundLabel("loans"), lang.percent(f.borrowShare, decimals: 0) + (f.loanCohort.map { " (\($0))" } ?? "")],
            ]
            if let g = f.grantToEquity {
                rows.append([fundLabel("grants"), "\(g.years); " + perYear(g.investments) + "; " + lang.money(g.amount, decimals: 0) + "; "
                             + lang.percent(g.roundRatePerYear, decimals: 0) + ", \(g.windowYears) " + fundLabel("in.holding")])
            }
            html += "<h3>\(esc(fundLabel("funds"))): \(esc(f.name))</h3>" + Report.table([lang.t("metric"), ""], rows, cls: "prov")
        }
        return html
    }

    /// The answer box's sentence per fund: the city's yearly cash into it, what it still holds at cost, the median IRR.
    func fundAnswers() -> [String] {
        guard let funds = files.summary.funds else { return [] }
        let years = Double(files.summary.horizonMonths) / 12
        let held = files.summary.cityCombinedByYear?.last?.holdingsAtCost
        return funds.map { f in
            let cash = f.cityNetByYear.reduce(0) { $0 + $1.mean }
            let nav = (f.figures["nav"]?.mean ?? .nan) * f.cityShare + (f.figures["grant_nav"]?.mean ?? 0)
            let q = f.irrQuartiles ?? [.nan, .nan, .nan]
            return fill(fundLabel("answer"), [f.name, lang.money(cash / years), lang.money(cash), lang.money(funds.count == 1 ? held?.mean ?? nav : nav),
                                              lang.percent(q[1]), lang.percent(q[0]), lang.percent(q[2])])
        }
    }

    func fundLabel(_ key: String) -> String { lang == .zh ? Self.fundLabels[key]?.zh ?? key : Self.fundLabels[key]?.en ?? key }

    func fundsSection() -> String {
        guard let funds = files.summary.funds, !funds.isEmpty else { return "" }
        var html = "<h2>\(esc(fundLabel("funds")))</h2>"
        let head = [lang.t("metric"), "\(lang.t("mean")) ± \(lang.t("se"))", "P5", "P50", "P95"]
        for fund in funds {
            func cells(_ s: SummaryFile.Stats, unit: String) -> [Cell] {
                if unit == "per year" {
                    return [lang.percent(s.mean, decimals: 1) + " ± " + lang.percent(s.se, decimals: 1),
                            lang.percent(s.q05), lang.percent(s.q50), lang.percent(s.q95)].map(Cell.text)
                }
                return [lang.cell(s.mean, s.se, unit: unit), lang.cell(s.q05, unit: unit), lang.cell(s.q50, unit: unit), lang.cell(s.q95, unit: unit)]
            }
            let blank = [Cell](repeating: .text(""), count: 3)
            var rows: [[Cell]] = [[.text(fundLabel("committed")), .text(lang.money(fund.committedWan) + "; " + lang.percent(fund.cityShare))] + blank]
            for key in ["paid_in", "fees", "distributions", "nav", "gain", "tvpi", "dpi", "firms", "failures", "exits", "sold_at_cost",
                        "loans", "loan_defaults", "grants", "grants_paid", "grants_converted", "grant_proceeds", "grant_nav", "city_result"] {
                guard let s = fund.figures[key], !key.hasPrefix("grant") || (fund.figures["grants"]?.max ?? 0) > 0 else { continue }
                rows.append([.text(fundLabel(key))] + cells(s, unit: s.unit == "ratio" ? "" : s.unit))
            }
            if let q = fund.irrQuartiles, q.count == 3 {
                rows.append([.text(fundLabel("irr").replacingOccurrences(of: "%@", with: lang.percent(fund.irrDefinedShare))),
                             .text(lang.percent(q[1]) + (lang == .zh ? "（" : " (") + lang.percent(q[0]) + (lang == .zh ? " 至 " : " to ") + lang.percent(q[2])
                                   + (lang == .zh ? "）" : ")"))] + blank)
            }
            rows.append([.text(fundLabel("below")), .text(lang.pm(fund.pBelowCost, fund.pBelowCostSe, unit: "probability"))] + blank)
            rows.append([.text(fundLabel("joint")), .text(lang.pm(fund.pPoolDryAndBelowCost, fund.pPoolDryAndBelowCostSe, unit: "probability"))] + blank)
            html += "<h3>\(esc(fund.name))</h3>" + Report.table(head, cells: rows, lang: lang)
        }
        if let years = files.summary.cityCombinedByYear, !years.isEmpty {
            // "mean; P95 …": a figure in parentheses reads as a negative in accounts.
            func flow(_ x: SummaryFile.Flow) -> String { lang.money(x.mean) + (lang == .zh ? "；P95 " : "; P95 ") + lang.money(x.q95) }
            let rows = years.map { y in [yearName(y.year - 1), flow(y.fiscalCost), flow(y.funds), flow(y.combined)] }
            html += "<h3>\(esc(fundLabel("combined")))</h3>"
                + Report.table(["", fundLabel("combined.fiscal"), fundLabel("combined.funds"), fundLabel("combined.sum")], rows)
                + "<p class=\"note\">\(esc(fundLabel("combined.note")))</p>"
            if let held = years.last?.holdingsAtCost {
                html += "<p class=\"note\">\(esc(fill(fundLabel("combined.held"), [lang.money(held.mean), lang.money(held.q95)])))</p>"
            }
        }
        return html
    }
}
