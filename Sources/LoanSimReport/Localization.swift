import Foundation
import LoanSimFiles

/// Report language: labels and number formats. Money reads in 亿元 from 1亿 up and in 万元 below, in
/// both languages (the page's footnote gives 1 亿元 = 10,000 万元 = CNY 100 million); a value and its
/// standard error always share one unit.
public enum ReportLanguage: String, Sendable, CaseIterable {
    case zh, en

    func t(_ key: String) -> String {
        // A figure's label has one home: its declaration (LoanSimFiles/Figures/Figure.swift).
        if let figure = Figure(rawValue: key) { return figure.label(chinese: self == .zh) }
        let table = self == .zh ? Self.zhTable : Self.enTable
        return table[key] ?? Self.enTable[key] ?? key
    }

    /// A figure's label (declared once, in LoanSimFiles/Figures/Figure.swift).
    func label(_ figure: Figure) -> String { figure.label(chinese: self == .zh) }

    /// Money given in 万元, with its unit.
    /// "Month 13" / "第13个月".
    func monthLabel(_ month: String) -> String { self == .zh ? "第\(month)个月" : "Month \(month)" }
    /// "Year 3" / "第3年".
    func yearLabel(_ year: Int) -> String { self == .zh ? "第\(year)年" : "Year \(year)" }

    /// Money in its own unit: 亿元 from 1亿 up, 万元 below (a table's column chooses one for all: `MoneyColumn`).
    func money(_ wan: Double, decimals: Int = 1) -> String { money(wan, se: nil, in: MoneyUnit.of(wan), decimals: decimals) }

    func percent(_ p: Double, decimals: Int = 1) -> String { p.isFinite ? String(format: "%.\(decimals)f%%", p * 100) : "–" }

    func count(_ x: Double, decimals: Int = 1) -> String {
        guard x.isFinite else { return "–" }
        return "\(group(x, decimals: decimals)) \(self == .zh ? "笔" : "loans")"
    }

    /// A scenario key path in words (the key itself when it has no name here).
    public func keyName(_ key: String) -> String {
        let names: [String: (String, String)] = [
            "programme.compensation.credit": ("Compensation ratio, credit loans", "信用贷款补偿比例"),
            "programme.compensation.collateralised": ("Compensation ratio, collateralised loans", "抵质押贷款补偿比例"),
            "programme.compensation.ip_pledge": ("Compensation ratio, IP-pledge loans", "知识产权质押贷款补偿比例"),
            "programme.per_loan_cap": ("Compensation cap per loan", "单笔补偿上限"),
            "programme.claim_lag_months": ("Months from default to claim", "违约至申请代偿月数"),
            "pool.initial": ("Initial pool capital", "资金池初始规模"),
            "pool.interest_rate": ("Pool interest rate", "资金池利率"),
            "pool.admin_fee_rate": ("Pool admin fee rate", "资金池管理费率"),
            "breaker.threshold": ("Circuit-breaker threshold", "熔断阈值"),
            "breaker.window_months": ("Circuit-breaker window (months)", "熔断观察期（月）"),
            "macro.shift": ("Shift of the macro factor", "宏观因子冲击"),
            "pd.multiplier": ("PD multiplier", "违约率倍数"),
            "breaker.min_suspension_months": ("Shortest suspension (months)", "熔断最短暂停期（月）"),
            "macro.phi": ("Persistence of the credit cycle (monthly)", "信用周期月度持续性"),
            "programme.eligibility.max_revenue": ("Eligibility: revenue at most", "准入：营业收入上限"),
            "programme.max_term_months": ("Longest term (months)", "最长期限（月）"),
            "programme.per_firm_limit": ("Limit per firm across banks", "单户企业贷款上限"),
        ]
        if let n = names[key] { return self == .zh ? n.1 : n.0 }
        // A cohort's field: `cohorts[hightech-credit].lgd` → "hightech-credit: LGD" / "hightech-credit 违约损失率".
        let fields: [String: (String, String)] = [
            "lgd": ("LGD", "违约损失率"), "pd": ("annual PD", "年违约率"), "renewal_probability": ("renewal probability", "续贷概率"),
            "firms": ("firms", "企业数"), "new_firms_per_year": ("new firms a year", "每年新增企业数"),
            "demand_per_year": ("applications a year", "每年申请比例"), "term_months": ("term (months)", "期限（月）"),
            "initial_borrowers": ("borrowers at the start", "期初借款企业数"),
            "revenue": ("revenue band (upper bound)", "营业收入上限"),
        ]
        if let m = key.wholeMatch(of: /cohorts\[([^\]]+)\]\.([a-z_]+)/), let field = fields[String(m.2)] {
            return self == .zh ? "\(m.1) \(field.1)" : "\(m.1): \(field.0)"
        }
        // A scheduled top-up's amount: `pool.top_ups[0].amount` or `pools[1].top_ups[0].amount`.
        if let m = key.wholeMatch(of: /(pool|pools\[(\d+)\])\.top_ups\[(\d+)\]\.amount/), let k = Int(m.3) {
            let pool = m.2.flatMap { Int($0) }.map { self == .zh ? "第\($0 + 1)个资金池" : "pool \($0 + 1)" } ?? (self == .zh ? "资金池" : "the pool")
            return self == .zh ? "\(pool)第\(k + 1)笔补充资金" : "Top-up no. \(k + 1) of \(pool)"
        }
        return key
    }

    /// "mean ± se" in one unit: the mean's (亿元 or 万元 for money).
    func pm(_ mean: Double, _ se: Double, unit: String) -> String {
        // No standard error to give (a file of 0.2.1 or earlier gave its ratios without one): the value alone.
        guard se.isFinite || !mean.isFinite else { return value(mean, unit: unit) }
        switch unit {
        case "万元": return money(mean, se: se, in: MoneyUnit.of(mean))
        case "probability":
            let d = Self.decimals(showing: se * 100, atLeast: 2)
            return "\(percent(mean, decimals: d)) ± \(percent(se, decimals: d))"
        case "loans": return "\(group(mean, decimals: 1)) ± \(group(se, decimals: 1)) \(self == .zh ? "笔" : "loans")"
        case "firms": return "\(group(mean, decimals: 1)) ± \(group(se, decimals: 1)) \(self == .zh ? "户" : "firms")"
        case "万元/firm", "万元/loan": return "\(group(mean, decimals: 2)) ± \(group(se, decimals: 2)) \(perUnit(unit))"
        default: return "\(group(mean, decimals: 2)) ± \(group(se, decimals: 2))"
        }
    }

    /// Decimals enough that a standard error `x` (in the unit shown) does not print as zero: `atLeast`,
    /// or as many as its first significant digit needs when it would round to zero (at most 6). An exact
    /// zero stays at `atLeast`.
    static func decimals(showing x: Double, atLeast: Int) -> Int {
        guard x.isFinite, x > 0, x < 0.5 * pow(10, -Double(atLeast)) else { return atLeast }
        return min(6, Int((-log10(x)).rounded(.up)))
    }

    /// "mean ± se", except a probability no path (or every path) hit, whose zero se says nothing: its
    /// exact 95% interval from the `paths` plain paths (`ProportionInterval`; 0 when the paths were weighted).
    func pm(_ mean: Double, _ se: Double, unit: String, paths: Int) -> String {
        guard unit == "probability", let (low, high) = ProportionInterval.exact(p: mean, se: se, paths: paths) else { return pm(mean, se, unit: unit) }
        return "\(percent(mean, decimals: 2)) (95%: \(percent(low, decimals: 2))–\(percent(high, decimals: 2)))"
    }

    /// A difference of values in `unit`: probabilities in percentage points (百分点), with a sign.
    func difference(_ x: Double, unit: String) -> String {
        guard x.isFinite else { return "–" }
        if unit == "probability" {
            let v = String(format: "%+.2f", x * 100)
            return self == .zh ? "\(v) 个百分点" : "\(v) pp"
        }
        return (x > 0 ? "+" : "") + value(x, unit: unit)
    }

    /// A value in the unit named by `unit` ("万元", "loans", "probability", "count").
    func value(_ x: Double, unit: String) -> String {
        switch unit {
        case "万元": return money(x)
        case "probability": return percent(x, decimals: 2)
        case "loans": return count(x)
        case "firms": return group(x, decimals: 1) + (self == .zh ? " 户" : " firms")
        case "万元/firm", "万元/loan": return group(x, decimals: 2) + " " + perUnit(unit)
        default: return group(x, decimals: 2)
        }
    }

    /// 万元 per firm or per loan, in the page's language.
    func perUnit(_ unit: String) -> String {
        let firm = unit.hasSuffix("firm")
        return self == .zh ? (firm ? "万元/户" : "万元/笔") : (firm ? "万元 per firm" : "万元 per loan")
    }

    func group(_ x: Double, decimals: Int) -> String {
        let s = String(format: "%.\(decimals)f", abs(x))
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        var intPart = String(parts[0]), grouped = ""
        while intPart.count > 3 {
            grouped = "," + intPart.suffix(3) + grouped
            intPart.removeLast(3)
        }
        let sign = x < 0 && s.contains(where: { $0 != "0" && $0 != "." }) ? "-" : ""
        return sign + intPart + grouped + (parts.count > 1 ? "." + parts[1] : "")
    }

    static let enTable: [String: String] = [
        "title.run": "LoanSim risk-compensation pool report", "title.compare": "LoanSim scenario comparison",
        "title.sweep": "LoanSim parameter sweep",
        "provenance": "Provenance", "scenario": "Scenario", "file": "File", "seed": "Seed", "paths": "Paths",
        "version": "Version", "generator": "Generator", "sha256": "Scenario SHA-256", "horizon": "Horizon", "copula": "Copula", "copula.t": "Student-t, ν = %@ (common mixing per step)", "copula.gaussian": "Gaussian",
        "importance": "Importance sampling", "importance.few": ". Few paths carry the weight: figures other than the target have understated errors; read them from a plain run", "importance.depletion": "P(pool depleted)", "importance.text": "macro factor shifted by θ = %@ for %@: %@; variance reduction %@× against plain sampling; every statistic weighted (effective sample %@)",
        "months": "months", "headline": "Headline results", "metric": "Metric", "unit": "Unit", "mean": "Mean",
        "se": "Std. error", "sd": "Std. dev.", "fan": "Pool balance by month (fan chart: 5/25/50/75/95%)",
        "fan.axis": "Pool balance", "month": "Month", "pdep": "P(depleted by month)",
        "pdep50": "P(depleted) reaches 50%", "depyear": "Probability the pool is depleted by the end of each year",
        "year": "Year", "losses": "Loss distributions across paths", "var99": "VaR 99%", "es99": "ES 99%",
        "inputs": "Scenario inputs", "cohorts": "Cohorts", "programme": "Programme rules", "pool": "Pool",
        "breaker": "Circuit breaker", "stresses": "Stress overlays", "none": "none",
        "ratio.types": "(credit / collateralised)", "funders": "Funders", "ip_pledge": "IP pledge",
                        "depletion": "P(pool depleted)", "frequency": "Share of paths", "frequency.weighted": "Probability (weighted paths)", "compare.bars": "Each scenario: mean with 95% interval",
        "compare.diff": "Paired difference against the first scenario, with 95% interval (common random numbers)",
        "sweep.about": "Each row runs the scenario with these key paths set, on common random numbers: ", "sweep.key": "Key path", "sweep.meaning": "Meaning",
        "sweep.more": "(%@: the first value of each row is shown)", "type.hightech": "High-tech enterprise", "type.tech_sme": "Tech SME", "type.startup": "Start-up", "reach.def": "Distinct firms: firms with a programme loan in the horizon (the initial book's and first-time borrowers), of all the type's firms in the scenario (eligible or not, with arrivals). The access target counts loan access from any lender.", "bybank": "By bank", "book": "The bank's loan tape", "book.note": "%@, as of %@: %@ live loans, %@, amount-weighted annual PD %@. Each loan is simulated with its own amount, PD, dates, bank and sector; the other rules come from the cohort named for its type.", "book.type": "Loan type", "book.loans": "Loans", "book.amount": "Amount", "book.rules": "Rules from cohort", "loan.credit": "Credit", "loan.collateral": "Collateralised", "loan.guaranteed": "Guaranteed", "loan.ip_pledge": "IP pledge", "bysector": "By sector", "sector": "Sector", "bysector.defaults": "Defaults (mean)", "bysector.loss": "Principal loss (mean ± se)", "bysector.claims": "Claims on the pools (mean ± se)", "unit.loans": "loans", "bybank.loss": "Net loss after compensation (mean ± se)", "bybank.paid": "Compensation received (mean)",
        "bybank.income": "Programme net income (mean ± se)", "diff": "Difference", "diff.vs0": "Difference from [0]", "pp": "percentage points", "ci95": "95% interval", "narrowing": "CRN narrowing", "sweep.heat": "Heat map",
        "units.note": "Money in 万元 (CNY 10,000); 1 亿元 = 10,000 万元 = CNY 100 million.",
        "depleted.def": "Depleted: a filed claim is left unpaid at the end of a month.",
        "firms": "Firms", "pd": "Annual PD", "rho": "ρ (asset correlation)", "size": "Median loan", "lgd": "LGD", "lgd.downturn": " mean, rising in downturns (Frye–Jacobs)",
        "term": "Term", "ratio": "Compensation ratio", "eligible": "Eligible", "yes": "yes", "no": "no",
        "initial": "Initial capital", "topups": "Top-ups", "interest_rate": "Interest rate", "fee": "Admin fee",
        "cap": "Per-loan cap", "lag": "Claim lag", "limit": "Per-firm limit",
        "banks": "Banks", "share": "Share", "type": "Type", "scenarios": "Scenarios",
        "parties": "Who bears the loss", "pools": "Pools", "anybank": "Any bank",
        "suspended": "Probability a circuit breaker has acted on a bank by the end of each year",
                        "bank": "The bank's view (over the horizon)",                         "linkage": "Invest-loan linkage (投贷联动)",
                "beats": "P(loans + equity beat lending alone)",
        "cover": "Equity gains ÷ credit losses", "fiscal": "The budget's view",                         "perfirm": "Fiscal cost per distinct firm financed", "perloan": "Fiscal cost per loan financed (renewals included)",
        "leverage": "Lending per 万元 of pool capital", "perfiscal": "Lending per 万元 of fiscal cost",
    ]

    static let zhTable: [String: String] = [
        "title.run": "LoanSim 风险补偿资金池报告", "title.compare": "LoanSim 情景对比", "title.sweep": "LoanSim 参数扫描",
        "provenance": "运行信息", "scenario": "情景", "file": "文件", "seed": "随机种子", "paths": "模拟路径数",
        "version": "版本", "generator": "随机数发生器", "sha256": "情景 SHA-256", "horizon": "模拟期限", "copula": "相依结构", "copula.t": "t 分布，自由度 ν = %@（每期共同混合变量）", "copula.gaussian": "高斯（正态）",
        "importance": "重要性抽样", "importance.few": "。权重集中在少数路径上：目标以外的统计量误差被低估，请以普通抽样的结果为准", "importance.depletion": "资金池耗尽概率", "importance.text": "宏观因子平移 θ = %@，目标 %@：%@；方差缩减 %@ 倍（相对同样路径数的普通抽样）；所有统计量均加权（有效样本 %@）", "months": "个月",
        "headline": "主要结果", "metric": "指标", "unit": "单位", "mean": "均值", "se": "标准误", "sd": "标准差",
        "fan": "资金池余额（扇形图：5/25/50/75/95 分位）", "fan.axis": "资金池余额", "month": "月份",
        "pdep": "截至当月资金池耗尽概率", "pdep50": "耗尽概率达到 50%", "depyear": "各年末资金池耗尽概率", "year": "年",
        "losses": "各方损失分布", "var99": "VaR 99%", "es99": "ES 99%", "inputs": "情景参数", "cohorts": "企业群组",
        "programme": "补偿规则", "pool": "资金池", "breaker": "熔断机制", "stresses": "压力情景", "none": "无",
        "ratio.types": "（信用 / 抵质押）", "funders": "出资方", "ip_pledge": "知识产权质押",
                "depletion": "资金池耗尽概率", "frequency": "路径占比", "frequency.weighted": "概率（加权路径）",
        "compare.bars": "各情景均值及 95% 置信区间", "compare.diff": "相对第一个情景的配对差异及 95% 置信区间（共同随机数）",
        "sweep.about": "每行以下列参数取值运行同一情景（共同随机数）：", "sweep.key": "参数路径", "sweep.meaning": "含义",
        "sweep.more": "（%@：每行显示第一个取值）", "type.hightech": "高新技术企业", "type.tech_sme": "科技型中小企业", "type.startup": "初创企业", "reach.def": "获贷企业：期间持有本项目贷款的企业（期初在贷与首次获贷），占情景中该类企业总数（含不符合条件及新设企业）的比例。覆盖目标含其他渠道贷款。", "bybank": "分银行", "book": "银行贷款台账", "book.note": "%@，截至 %@：在贷 %@ 笔，%@，按金额加权的年违约概率 %@。每笔贷款按其自身金额、违约概率、起止日期、银行与行业模拟；其余规则取自该类型所对应的企业群组。", "book.type": "贷款类型", "book.loans": "笔数", "book.amount": "金额", "book.rules": "规则来源群组", "loan.credit": "信用贷款", "loan.collateral": "抵质押贷款", "loan.guaranteed": "担保贷款", "loan.ip_pledge": "知识产权质押", "bysector": "分行业", "sector": "行业", "bysector.defaults": "违约笔数（均值）", "bysector.loss": "本金损失（均值 ± 标准误）", "bysector.claims": "向资金池申请补偿（均值 ± 标准误）", "unit.loans": "笔", "bybank.loss": "扣除补偿后净损失（均值 ± 标准误）", "bybank.paid": "获得补偿（均值）",
        "bybank.income": "项目净收益（均值 ± 标准误）", "diff": "差异", "diff.vs0": "与 [0] 的差异", "pp": "百分点", "ci95": "95% 置信区间", "narrowing": "共同随机数收窄倍数", "sweep.heat": "热力图",
        "units.note": "金额单位：万元；1 亿元 = 10,000 万元。", "depleted.def": "耗尽：月末仍有已提交的代偿申请未获支付。",
        "firms": "企业数", "pd": "年违约概率", "rho": "ρ（资产相关性）", "size": "贷款中位数", "lgd": "违约损失率", "lgd.downturn": " 均值，下行时上升（Frye–Jacobs）",
        "term": "期限", "ratio": "补偿比例", "eligible": "符合条件", "yes": "是", "no": "否", "initial": "初始资金",
        "topups": "补充资金", "interest_rate": "利率", "fee": "管理费率",
        "cap": "单笔补偿上限", "lag": "申请滞后", "limit": "单户贷款上限", "banks": "合作银行", "share": "份额", "type": "类型",
        "scenarios": "情景",
        "parties": "各方损失分担", "pools": "各资金池", "anybank": "任一银行", "suspended": "各年末银行被熔断的概率",
                        "bank": "银行视角（模拟期内）",                 "linkage": "投贷联动",
                "beats": "投贷联动优于单纯贷款的概率", "cover": "股权收益覆盖信贷损失比例",
        "fiscal": "财政视角",                 "perfirm": "每户获贷企业财政成本", "perloan": "每笔贷款财政成本（含续贷）", "leverage": "每万元资金池撬动贷款", "perfiscal": "每万元财政成本撬动贷款",
    ]
}

/// A sentence template with %1, %2, … (or %@ for a single value) replaced in order.
func fill(_ template: String, _ values: [String]) -> String {
    var s = template
    for (i, v) in values.enumerated().reversed() { s = s.replacingOccurrences(of: "%\(i + 1)", with: v) }
    return values.count == 1 ? s.replacingOccurrences(of: "%@", with: values[0]) : s
}
