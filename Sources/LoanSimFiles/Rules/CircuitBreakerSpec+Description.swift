/// A breaker in words, in both report languages: the report's scenario section lists these rows, so the
/// breaker's labels live beside its specification and a new option needs no change to the report.
extension CircuitBreakerSpec {
    /// (label, value) rows in Chinese or English; `percent` formats the threshold, `named` shows a cohort's name.
    public func describe(chinese zh: Bool, named: (String) -> String = { $0 }, percent: (Double) -> String) -> [(label: String, value: String)] {
        func say(_ en: String, _ cn: String) -> String { zh ? cn : en }
        let months = say("months", "个月")
        var rows: [(String, String)] = [
            (say("Threshold", "阈值"), "\(metric.words(chinese: zh)) > \(percent(threshold))"),
            (say("Window", "统计窗口"), metric == .overdueRate && measure == .stock
                ? say("overdue balance at each check", "每次检查时的逾期余额") : "\(windowMonths) \(months)"),
            (say("Action", "措施"), action.words(chinese: zh)),
            (say("Minimum suspension", "最短暂停期"), "\(minSuspensionMonths) \(months)"
                + (untilRecovered ? say(", then until the rate is back under the threshold", "，且指标回到阈值以下方解除") : "")),
        ]
        if !hasDefaultOptions {
            rows.append((say("Scope", "范围"), scope == .bank ? say("each bank's own book", "各银行自身贷款")
                                                             : say("the programme's whole book; acts on every bank", "全部项目贷款；措施适用于所有银行")))
            if metric == .overdueRate {
                rows.append((say("Measure", "口径"), measure == .flow ? say("defaults in the window (flow)", "窗口内新增违约（流量）")
                                                                      : say("overdue balance (stock)", "逾期余额（存量）")))
            }
            rows.append((say("Checked", "检查频率"), check.words(chinese: zh)))
            if minLoans > 0 { rows.append((say("Smallest book acted on", "最小适用贷款笔数"), zh ? "\(minLoans) 笔" : "\(minLoans) loans")) }
        }
        if !cohorts.isEmpty {
            rows.append((say("Book read and suspended", "读取与暂停的贷款"), say("cohorts ", "组别 ") + cohorts.map(named).joined(separator: zh ? "、" : ", ")))
        }
        return rows
    }
}

extension CircuitBreakerSpec.Metric {
    public func words(chinese zh: Bool) -> String {
        switch self {
        case .overdueRate: return zh ? "逾期率" : "overdue rate"
        case .annualLossRate: return zh ? "年度损失率" : "annual loss rate"
        case .compensationToBalance: return zh ? "代偿额 ÷ 资金池余额" : "compensation ÷ pool balance"
        case .guarantorPayoutRate: return zh ? "担保代偿率" : "guarantor payout rate"
        }
    }
}

extension CircuitBreakerSpec.Action {
    public func words(chinese zh: Bool) -> String {
        switch self {
        case .suspendLending: return zh ? "暂停新增贷款" : "suspend new lending"
        case .stopCompensation: return zh ? "停止补偿" : "stop compensation"
        }
    }
}

extension CircuitBreakerSpec.Check {
    public func words(chinese zh: Bool) -> String {
        switch self {
        case .month: return zh ? "每月" : "monthly"
        case .quarter: return zh ? "每季度" : "quarterly"
        case .year: return zh ? "每年" : "yearly"
        }
    }
}
