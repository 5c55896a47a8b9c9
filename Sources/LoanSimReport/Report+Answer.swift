import Foundation
import LoanSimFiles

/// The report's first screen: the answers a bureau asks for, in plain sentences — the chance the pool
/// runs dry by each year with its interval, the capital or top-up a target needs (when `plan` ran),
/// the fiscal cost, the banks' net loss and the programme's reach; then the reach table.
extension RunPage {
    static let answerText: [ReportLanguage: [String: String]] = [
        .en: ["title": "The answer first",
              "dry": "The chance the pool runs dry by the end of %1 is %2 (95% interval %3–%4); by the end of %5, %6 (%7–%8).",
              "years": "By the end of each year: %@.",
              "disagree": "The model and the record disagree: only %1 of paths (± %2) agree with the record's “%3” (%4 by %5), so read the figures above with that in mind.",
              "plan": "To keep %1, %2 needs to be at least %3 (95% interval %5 to %6). Checked on fresh paths: %7 at that value, %8 at %9.",
              "plan.largest": "To keep %1, %2 can be at most %3 (95% interval %5 to %6). Checked on fresh paths: %7 at that value, %8 at %9.",
              "plan.none": "No value of %1 in the range tried keeps %2.",
              "plan.add": "The scenario has %1: that is %2 to add (± %3).",
              "plan.cut": "The scenario has %1: that is %2 less (± %3).",
              "plan.hint": "The capital or top-up a target needs: run loansim plan and pass its plan.json with report --plan.",
              "target.met": "Target: at most %1 chance that the pool runs dry by the end of %2. The scenario as given has %3 (± %4): no top-up is needed.",
              "target.add": "Target: at most %1 chance that the pool runs dry by the end of %2; the scenario as given has %3. Add %4 (± %5) to %6 in %7: checked on fresh paths, %8 (± %9).",
              "target.none": "Target: at most %1 chance that the pool runs dry by the end of %2; the scenario as given has %3, and even %4 added in %5 does not meet it.",
              "fiscal": "Over the %1 months the public cost averages %2 (P95 %3), of which pool payouts %4.",
              "bank": "The banks' net loss after compensation averages %1 (P99 %2).",
              "reach": "The programme lends to %1 distinct firms (%2 first-time borrowers, %3 renewals); fiscal cost %4 per first-time borrower.",
              "reach.type": "%1: %2 of the type's firms reached",
              "reach.target": "against an access target of %@ (loan access from any lender)",
              "reach.title": "Reach: distinct firms financed by type",
              "reach.cols": "Firm type|Firms|Distinct firms financed|Share reached (P5–P95)|Access target|P(programme alone meets it)"],
        .zh: ["title": "结论",
              "dry": "资金池在%1末前耗尽的概率为 %2（95% 区间 %3–%4）；到%5末为 %6（%7–%8）。",
              "years": "各年末耗尽概率：%@。",
              "disagree": "模型与公开记录不一致：仅 %1（± %2）的路径与记录中的“%3”（截至%5为 %4）相符，阅读上述结果时请注意。",
              "plan": "要使%1，%2至少需 %3（95% 区间 %5 至 %6）。新路径复核：取该值时 %7，取 %9 时 %8。",
              "plan.largest": "要使%1，%2至多为 %3（95% 区间 %5 至 %6）。新路径复核：取该值时 %7，取 %9 时 %8。",
              "plan.none": "在所试范围内，%1 的任何取值都不能满足 %2。",
              "plan.add": "情景现值为 %1，即需增加 %2（± %3）。",
              "plan.cut": "情景现值为 %1，即可减少 %2（± %3）。",
              "plan.hint": "所需补充资金：运行 loansim plan，并以 report --plan 传入其 plan.json。",
              "target.met": "目标：%2末前资金池耗尽概率不超过 %1。情景现状为 %3（± %4），无需补充资金。",
              "target.add": "目标：%2末前资金池耗尽概率不超过 %1；情景现状为 %3。需于%7向%6补充 %4（± %5）；新路径复核：%8（± %9）。",
              "target.none": "目标：%2末前资金池耗尽概率不超过 %1；情景现状为 %3，即使于%5补充 %4 也不能达到。",
              "fiscal": "%1 个月内财政成本均值 %2（P95 为 %3），其中资金池代偿 %4。",
              "bank": "合作银行扣除补偿后的净损失均值 %1（P99 为 %2）。",
              "reach": "期间获贷企业 %1 户（首次获贷 %2 户，续贷 %3 笔）；每户首次获贷企业财政成本 %4。",
              "reach.type": "%1覆盖 %2",
              "reach.target": "（覆盖目标 %@，目标含其他渠道贷款）",
              "reach.title": "覆盖面：按企业类型的获贷企业",
              "reach.cols": "企业类型|企业数|获贷企业（户）|覆盖率（P5–P95）|覆盖目标|仅本项目即达标的概率"],
    ]

    func at(_ key: String) -> String { Self.answerText[lang]?[key] ?? key }

    func answer() -> String {
        let items = answerSentences().map { s in
            esc(s).replacingOccurrences(of: "loansim plan", with: "<code>loansim plan</code>")
                .replacingOccurrences(of: "report --plan", with: "<code>report --plan</code>").replacingOccurrences(of: "plan.json", with: "<code>plan.json</code>")
        }
        return "<section class=\"answer\"><h2>\(esc(at("title")))</h2><ul>" + items.map { "<li>\($0)</li>" }.joined() + "</ul></section>"
    }

    /// The first screen's sentences, as text (the report shows them as a list, the workbook on its first sheet).
    func answerSentences() -> [String] {
        var sentences: [String] = []
        let dep = files.depletion, years = dep.byYear, se = dep.byYearSe ?? []
        if let last = years.indices.last {
            // No path (or every path) ran dry: the exact interval, not a zero-width one (plain runs; a
            // weighted run's hits are not counts).
            let paths = files.summary.importance == nil ? files.summary.paths : 0
            func ci(_ y: Int) -> (String, String) {
                let (low, high) = ProportionInterval.ci95(p: years[y], se: se.count > y ? se[y] : 0, paths: paths)
                return (lang.percent(low, decimals: 1), lang.percent(high, decimals: 1))
            }
            // A part first calendar year (four months from September) says little: the first whole one.
            let first = files.summary.calendarYears?.first?.isPart == true && last > 1 ? 1 : 0
            let (a, b) = ci(first), (c, d) = ci(last)
            sentences.append(fill(at("dry"), [yearPhrase(first), lang.percent(years[first], decimals: 1), a, b, yearPhrase(last),
                                              lang.percent(years[last], decimals: 1), c, d]))
            let list = years.enumerated().map { "\(yearName($0.offset)) \(lang.percent($0.element, decimals: 1))" }
            sentences.append(fill(at("years"), [list.joined(separator: lang == .zh ? "、" : ", ")]))
        }
        sentences += disagreements()
        if let t = files.summary.target { sentences.append(targetSentence(t)) }
        sentences += driverAnswers()
        // Without a target, the plan's answer or where to get one; with one, a plan only when given.
        if files.summary.target == nil || files.plan != nil { sentences.append(planSentence()) }
        let fiscal = files.metric(.fiscalCost), paid = files.metric(.poolPaid), bank = files.metric(.bankNetLoss)
        sentences.append(fill(at("fiscal"), ["\(files.summary.horizonMonths)", lang.money(fiscal["mean"] ?? .nan), lang.money(fiscal["q95"] ?? .nan),
                                             lang.money(paid["mean"] ?? .nan)]))
        sentences += fundAnswers()
        sentences.append(fill(at("bank"), [lang.money(bank["mean"] ?? .nan), lang.money(bank["q99"] ?? .nan)]))
        if let reach = files.summary.reach, let distinct = files.summary.metrics["distinct_firms_financed"] {
            let newFirms = files.metric(.newFirmsFinanced)["mean"] ?? .nan, renewals = files.metric(.renewals)["mean"] ?? .nan
            var s = fill(at("reach"), [lang.group(distinct.mean, decimals: 0), lang.group(newFirms, decimals: 0), lang.group(renewals, decimals: 0),
                                       lang.money(reach.fiscalCostPerNewFirm?.value ?? .nan)])
            let typed = reach.byType.filter { $0.accessTarget != nil }.map { r in
                fill(at("reach.type"), [lang.t("type." + r.type), lang.percent(r.share.mean, decimals: 1)])
                    + (lang == .zh ? "" : " ") + fill(at("reach.target"), [lang.percent(r.accessTarget ?? .nan, decimals: 0)])
            }
            if !typed.isEmpty { s += (lang == .zh ? "" : " ") + typed.joined(separator: lang == .zh ? "；" : "; ") + (lang == .zh ? "。" : ".") }
            sentences.append(s)
        }
        return sentences.filter { !$0.isEmpty }
    }

    /// The scenario's target answered (`summary.json` `target`): met as given, the amount to add and when, or out of reach.
    func targetSentence(_ t: SummaryFile.Target) -> String {
        let spec = t.spec
        let year = files.summary.calendarYears == nil ? (lang == .zh ? "第\(spec.by)年" : "year \(spec.by)") : (lang == .zh ? "\(spec.by)年" : "\(spec.by)")
        let month = t.topUpCalendarMonth.flatMap(CalendarMonth.init).map { lang == .zh ? "\($0.year)年\($0.month)月" : $0.english }
            ?? lang.monthLabel("\(spec.topUpMonth)")
        let p = lang.percent(spec.pDepleted, decimals: 1), now = lang.percent(t.withoutTopUp.estimate, decimals: 1)
        guard let amount = t.topUp else { return fill(at("target.none"), [p, year, now, lang.money(spec.maxTopUp), month]) }
        guard amount > 0 else { return fill(at("target.met"), [p, year, now, lang.percent(t.withoutTopUp.se, decimals: 1)]) }
        let check = t.check
        return fill(at("target.add"), [p, year, now, lang.money(amount), lang.money(t.topUpSe ?? .nan), spec.pool, month,
                                       check.map { lang.percent($0.estimate, decimals: 1) } ?? "–", check.map { lang.percent($0.se, decimals: 1) } ?? "–"])
    }

    /// The plan's answer and, when the scenario gives the varied key a value, the amount to add to it.
    func planSentence() -> String {
        let answer = planAnswer()
        guard let p = files.plan, let current = p.current, let change = p.change else { return answer }
        let unitIsMoney = abs(current) >= 100 || abs(p.answer ?? 0) >= 100
        func show(_ x: Double) -> String { unitIsMoney ? lang.money(x) : String(format: "%.4g", x) }
        let se = p.answerSe ?? .nan
        return answer + (lang == .zh ? "" : " ") + fill(at(change >= 0 ? "plan.add" : "plan.cut"), [show(current), show(abs(change)), show(se)])
    }

    func planAnswer() -> String {
        guard let p = files.plan else { return at("plan.hint") }
        var key = lang.keyName(p.vary)
        if lang == .en, key != p.vary, let first = key.first { key = first.lowercased() + key.dropFirst() }
        guard let answer = p.answer else { return fill(at("plan.none"), [key, p.target]) }
        let unitIsMoney = abs(answer) >= 100
        func show(_ x: Double) -> String { unitIsMoney ? lang.money(x) : String(format: "%.4g", x) }
        let se = p.answerSe ?? 0
        let isProbability = p.target.hasPrefix("depletion")
        func est(_ e: SearchEvaluation) -> String {
            isProbability ? lang.percent(e.estimate, decimals: 1) : String(format: "%.4g", e.estimate)
        }
        let checks = p.checks
        return fill(at(p.answerIs.hasPrefix("largest") ? "plan.largest" : "plan"),
                    [targetText(p.target), key, unitIsMoney ? lang.pm(answer, se, unit: "万元") : "\(show(answer)) ± \(show(se))", show(se), show(answer - 1.96 * se), show(answer + 1.96 * se),
                     checks.first.map(est) ?? "–", checks.count > 1 ? est(checks[1]) : "–", checks.count > 1 ? show(checks[1].value) : "–"])
    }

    /// `depletion.year5<=0.05` in words.
    func targetText(_ target: String) -> String {
        let parts = target.components(separatedBy: CharacterSet(charactersIn: "<>=")).map { $0.trimmingCharacters(in: .whitespaces) }
        guard let metric = parts.first, let value = Double(parts.last ?? ""), metric.hasPrefix("depletion") else { return target }
        let op = target.contains("<=") ? (lang == .zh ? "不超过" : "at most") : (lang == .zh ? "不低于" : "at least")
        if metric.hasPrefix("depletion.year"), let y = Int(metric.dropFirst("depletion.year".count)) {
            return lang == .zh ? "第\(y)年末前耗尽概率\(op) \(lang.percent(value, decimals: 1))"
                : "the chance of running dry by the end of year \(y) \(op) \(lang.percent(value, decimals: 1))"
        }
        return lang == .zh ? "期末前耗尽概率\(op) \(lang.percent(value, decimals: 1))" : "the chance of running dry by the horizon \(op) \(lang.percent(value, decimals: 1))"
    }

    func reachSection() -> String {
        guard let reach = files.summary.reach, !reach.byType.isEmpty else { return "" }
        let rows: [[String]] = reach.byType.map { r in
            [lang.t("type." + r.type), lang.group(r.firms, decimals: 0), lang.pm(r.distinctFinanced.mean, r.distinctFinanced.se, unit: "firms"),
             "\(lang.percent(r.share.mean, decimals: 1)) (\(lang.percent(r.share.q05, decimals: 1))–\(lang.percent(r.share.q95, decimals: 1)))",
             r.accessTarget.map { lang.percent($0, decimals: 0) } ?? "–", r.pMeetsTarget.map { lang.percent($0, decimals: 1) } ?? "–"]
        }
        return "<h2>\(esc(at("reach.title")))</h2>" + Report.table(at("reach.cols").components(separatedBy: "|"), rows)
            + "<p class=\"note\">\(esc(reach.definition == "" ? "" : lang.t("reach.def")))</p>"
    }
}
