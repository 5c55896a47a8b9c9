import LoanSimFiles

extension SummaryTable {
    /// The most lines and columns of the answer `run` prints by default.
    static let answerLines = 20, answerColumns = 100

    /// What `run` prints by default: the answer first, in at most 20 lines of at most 100 columns —
    /// P(the pool runs dry) by year with its 95% half-width, the fiscal cost, the pools' payouts and
    /// unpaid claims, the banks' net loss, the breakers, the record checks the model disagrees with,
    /// the fiscal cost by year, and where the full tables are (`--detail`, the files).
    public static func answer(_ s: RunSummary, outDirectory: String?) -> String {
        let i = s.info
        var lines = [fit("LoanSim \(i.version) · \(i.scenarioName)"),
                     fit("\(group(Double(i.paths), decimals: 0)) paths · seed \(i.seed) · \(i.generator) · \(i.horizonMonths) months · money in 万元"),
                     ""]
        // Where no path (or every path) ran dry, the exact 95% bound, not a zero half-width.
        let years = s.depletionByYear.enumerated().map { y, q in
            let exact = ProportionInterval.exact(p: q.p, se: q.se, paths: s.importance == nil ? i.paths : 0)
            let spread = exact.map { q.p <= 0 ? "(≤\(pct($0.1)))" : "(≥\(pct($0.0)))" } ?? "±\(pct(1.96 * q.se))"
            return "\(s.yearName(y)) \(pct(q.p)) \(spread)"
        }
        lines += wrap("P(the pool runs dry) by the end of each year, ± the 95% half-width:", years)
        if let t = s.target { lines += targetLines(t, s) }
        if let d = s.drivers { lines += driverLines(d, s) }
        if let fiscal = s.metric(.fiscalCost) {
            lines.append(fit("Fiscal cost over \(i.horizonMonths) months: mean \(group(fiscal.mean, decimals: 1)) ± \(group(fiscal.se, decimals: 1)) 万元, "
                             + "P95 \(group(fiscal.q95, decimals: 0)), ES99 \(group(fiscal.es99, decimals: 0)) 万元"))
        }
        if let paid = s.metric(.poolPaid), let unpaid = s.metric(.unpaidClaims) {
            lines.append(fit("Pool payouts: mean \(group(paid.mean, decimals: 1)) 万元; claims unpaid at the horizon: mean "
                             + "\(group(unpaid.mean, decimals: 1)), P95 \(group(unpaid.q95, decimals: 0)) 万元"))
        }
        if let bank = s.metric(.bankNetLoss) {
            lines.append(fit("Banks' net loss after compensation: mean \(group(bank.mean, decimals: 1)) 万元, P99 \(group(bank.q99, decimals: 0)) 万元"))
        }
        if let last = s.anySuspensionByYear.last, last.p > 0 {
            lines.append(fit("P(a breaker acts on some bank by the horizon): \(pct(last.p)) ± \(pct(last.se))"))
        }
        for f in s.funds.prefix(2) {
            let net = f.cityNetByYear.reduce(0) { $0 + $1.mean }, years = Double(i.horizonMonths) / 12
            let median = f.irrQuartiles.map { "IRR median \(pct($0[1])); " } ?? ""
            lines.append(fit("Fund \(f.name): city cash in \(group(net, decimals: 0)) 万元 (\(group(net / years, decimals: 0))/yr); "
                             + "\(median)P(TVPI<1) \(pct(f.belowCost.p))"))
        }
        let disagree = s.recordChecks.filter { SummaryFile.PredictiveCheck.disagrees(pAgree: $0.agreeing.p, percentile: $0.percentile) }
        for c in disagree.prefix(2) {
            lines.append(fit("The record disagrees: only \(pct(c.agreeing.p)) of paths agree with \"\(c.check.name)\" (\(c.check.observed))"))
        }
        if disagree.count > 2 { lines.append("  … and \(disagree.count - 2) more record checks most paths disagree with (--detail)") }
        let budget = s.budgetByYear.enumerated().map { "\(s.yearName($0.offset)) \(group($0.element[BudgetFlow.fiscalCost.rawValue].mean, decimals: 0))" }
        // A folder's name is printed whole, however long: a cut path is of no use.
        let tail = ["", "Full tables: add --detail." + (outDirectory.map { " A report: loansim report \($0)" } ?? "")]
        let room = answerLines - lines.count - tail.count
        let budgetLines = wrap("Fiscal cost by year, 万元 (mean):", budget)
        if room >= budgetLines.count { lines += budgetLines } else if room > 0 { lines += budgetLines.prefix(room) }
        return (lines + tail).joined(separator: "\n") + "\n"
    }

    /// The scenario's target answered: no top-up needed, or the amount to add with its se, its month, and the fresh-path check.
    static func targetLines(_ t: TargetAnswer, _ s: RunSummary) -> [String] {
        let spec = t.spec
        let year = s.budgetYears.start == nil ? "year \(spec.by)" : "\(spec.by)"
        let month = s.budgetYears.start.map { $0.adding(months: spec.topUpMonth - 1).description } ?? "month \(spec.topUpMonth)"
        let head = "Target: P(dry by the end of \(year)) ≤ \(pct(spec.pDepleted)); the scenario as given has \(pct(t.withoutTopUp.estimate))"
        guard let amount = t.topUp else {
            return [fit(head), fit("  Not met even with a top-up of \(group(spec.maxTopUp, decimals: 0)) 万元 in \(month) (target.max_top_up)")]
        }
        guard amount > 0 else { return [fit(head + ": met, no top-up needed")] }
        let check = t.check.map { "; fresh paths: \(pct($0.estimate)) ± \(pct($0.se))" } ?? ""
        return [fit(head), fit("  Add \(group(amount, decimals: 0)) ± \(group(t.se, decimals: 0)) 万元 to \(spec.pool) in \(month)\(check)")]
    }

    /// What moves the headline: the posterior PD quantiles' P(dry), then the three assumptions with the largest swing.
    static func driverLines(_ d: DriversAnswer, _ s: RunSummary) -> [String] {
        var lines: [String] = []
        func points(_ x: Double) -> String { (x >= 0 ? "+" : "−") + String(format: "%.1f", abs(x) * 100) }
        if !d.quantiles.isEmpty {
            let q = d.quantiles.map { pct($0.headline.estimate) }.joined(separator: " / ")
            lines.append(fit("What moves it: at the posterior's 10% / 50% / 90% PD, P(dry by then) is \(q)"))
        }
        if let p = d.posteriors {
            lines.append(fit("PD fitted to the whole record; on the counts alone P(dry by then) would be \(pct(p.headline.estimate)) "
                             + "(\(points(p.headline.change))±\(String(format: "%.1f", p.headline.changeSe * 100)) pts)"))
        }
        let top = d.inputs.prefix(3).map { i in
            "\(Self.shortKey(i.range.keyPath)) \(i.range.low)..\(i.range.high): \(points(i.low.change))/\(points(i.high.change)) pts"
        }
        if !top.isEmpty { lines += wrap(d.quantiles.isEmpty ? "What moves it (assumptions over their ranges):" : "  assumptions:", top) }
        return lines
    }

    /// A key path without its list brackets: `cohorts[hightech-credit].lgd` → `hightech-credit.lgd`.
    static func shortKey(_ key: String) -> String {
        key.replacingOccurrences(of: "cohorts[", with: "").replacingOccurrences(of: "pools[", with: "")
            .replacingOccurrences(of: "]", with: "")
    }

    /// `items` after `head`, on as few lines of at most 100 columns as they take, later lines indented.
    static func wrap(_ head: String, _ items: [String]) -> [String] {
        var lines: [String] = [], line = head
        for item in items {
            let piece = "  " + item
            if (line + piece).displayWidth > answerColumns && !line.allSatisfy({ $0 == " " }) {
                lines.append(line)
                line = "  " + item
            } else {
                line += piece
            }
        }
        lines.append(line)
        return lines.map(fit)
    }

    /// A line cut to 100 columns (an ellipsis marks the cut).
    static func fit(_ line: String) -> String {
        guard line.displayWidth > answerColumns else { return line }
        var out = ""
        for ch in line {
            if (out + String(ch)).displayWidth > answerColumns - 1 { break }
            out.append(ch)
        }
        return out + "…"
    }
}
