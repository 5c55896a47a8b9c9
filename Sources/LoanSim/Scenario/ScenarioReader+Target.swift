import LoanSimFiles
import TextFormats
import Yams

extension ScenarioReader {
    /// `target: {p_depleted: 5%, by: 2029, top_up_month: 2026-01, pool: NAME, max_top_up: 10亿}`
    /// (`TargetSpec`): `by` is a calendar year of the horizon with `start:`, else a programme year; it
    /// ends at that year's last month inside the horizon. `top_up_month` (`YYYY-MM` with `start:`, or a
    /// horizon month) must fall on or before it; by default the first month of the first whole calendar
    /// year (with `start:`) or month 1. `pool` defaults to the first; `max_top_up` to ten times its
    /// initial capital (at least 1亿).
    func readTarget(_ top: MapReader, start: YearMonth?, horizon: Int, step: Step, pools: [PoolSpec]) -> TargetSpec? {
        guard let m = ctx.mapping(top.node("target"), "target", keys: TargetSpec.yamlKeys) else { return nil }
        guard horizon > 0, horizon % step.months == 0 else { return nil }
        let years = BudgetYears(start: start, stepMonths: step.months, stepCount: horizon / step.months)
        let names = (0..<years.count).map { y in years.calendarSpan(y).map { $0.to.year } ?? y + 1 }
        let allowedYears = start == nil ? "a programme year, 1 … \(years.count)" : "a calendar year of the horizon, \(names[0]) … \(names[names.count - 1])"
        let p = m.ratio("p_depleted", required: true, .open(0, 1))
        var byIndex: Int?
        if let by = m.integer("by", required: true, .closed(1, 2200)) {
            byIndex = names.firstIndex(of: by)
            if byIndex == nil { ctx.report(m.node("by"), m.keyPath("by"), "year \(by) is not in the horizon", allowed: allowedYears) }
        }
        let poolName = m.string("pool") ?? pools.first?.name ?? ""
        guard let pool = pools.first(where: { $0.name == poolName }) else {
            ctx.report(m.node("pool"), m.keyPath("pool"), "no pool named '\(poolName)'", allowed: pools.map(\.name).joined(separator: ", "))
            return nil
        }
        let maxTopUp = m.amount("max_top_up", .open(0, .infinity), default: max(10 * pool.initialCapital, 10_000)) ?? 10_000
        guard let p, let byIndex else { return nil }
        let byMonth = years.lastMonth[byIndex]
        guard let month = readTopUpMonth(m, start: start, years: years, byMonth: byMonth) else { return nil }
        return TargetSpec(pDepleted: p, by: names[byIndex], pool: pool.name, maxTopUp: maxTopUp, byMonth: byMonth, topUpMonth: month)
    }

    /// The horizon month of the target's top-up: `YYYY-MM` (with `start:`) or a month number, 1 … `byMonth`.
    private func readTopUpMonth(_ m: MapReader, start: YearMonth?, years: BudgetYears, byMonth: Int) -> Int? {
        let allowed = start.map { "YYYY-MM from \($0) to \($0.adding(months: byMonth - 1)), or a horizon month 1 … \(byMonth)" }
            ?? "a horizon month, 1 … \(byMonth)"
        guard let node = m.node("top_up_month") else {
            // The first month of the first whole calendar year, if the target's year is not over by then.
            guard let start, start.month != 1 else { return 1 }
            let january = 12 - start.month + 2
            return january <= byMonth ? january : 1
        }
        let text = node.scalar?.string.trimmingCharacters(in: .whitespaces) ?? ""
        let month: Int?
        if let k = Int(text) {
            month = k
        } else if let start, let ym = YearMonth(text) {
            month = ym.months(since: start) + 1
        } else {
            month = nil
        }
        guard let month, (1...byMonth).contains(month) else {
            ctx.report(node, m.keyPath("top_up_month"), "'\(text)' is not a month on or before the target's year end", allowed: allowed)
            return nil
        }
        return month
    }
}
