import LoanSimFiles
import Yams

/// The city's investment funds (`funds:`, docs/model.md §3.11). The keys are the specification's
/// `CodingKeys`; a schedule is `{cohort: firms per year}` (one number or one per year).
extension ScenarioReader {
    static let fundKeys = FundSpec.CodingKeys.yamlKeys

    /// A fund's firms are simulated one by one: at most this many per year per cohort, and in all.
    static let maxFirmsPerYear = 10_000
    static let maxFirms = 100_000

    /// `funds: [{name, committed, investments: {cohort: firms per year}, …}]`; every key checked, names
    /// unique, cohorts known.
    func readFunds(_ top: MapReader, cohorts: [Cohort], horizonMonths: Int) -> [Fund] {
        guard let items = ctx.sequence(top.node("funds"), "funds") else { return [] }
        var funds: [Fund] = []
        for (node, path) in items {
            guard let fund = readFund(node, path: path, cohorts: cohorts, horizonMonths: horizonMonths) else { continue }
            if funds.contains(where: { $0.name == fund.name }) {
                ctx.report(node, path + ".name", "fund '\(fund.name)' is named twice", allowed: "a name used once")
                continue
            }
            funds.append(fund)
        }
        return funds
    }

    func readFund(_ node: Node, path: String, cohorts: [Cohort], horizonMonths: Int) -> Fund? {
        guard let m = ctx.mapping(node, path, keys: Self.fundKeys) else { return nil }
        let names = cohorts.map(\.name)
        let name = m.string("name", required: true) ?? ""
        let committed = m.amount("committed", required: true, .above(0)) ?? 0
        let years = m.integer("investment_years", .closed(1, 50), default: 4) ?? 4
        var investments: [FundInvestment] = []
        if let (read, invalid) = schedules(m, "investments", names: names, years: years) {
            investments = read
            if !invalid && investments.allSatisfy({ $0.total == 0 }) && !m.has("grant_to_equity") {
                ctx.report(m.node("investments"), m.keyPath("investments"), "the fund invests in no firm",
                           allowed: "new firms per investment year for at least one cohort, e.g. {\(names.first ?? "cohort"): 20}")
            }
        } else if !m.has("investments") {
            ctx.report(node, m.keyPath("investments"), "required key is missing", allowed: "new firms per year by cohort: {cohort: firms}")
        }
        var fund = Fund(name: name, committed: committed, investmentYears: years, investments: investments)
        fund.cityShare = m.ratio("city_share", default: fund.cityShare) ?? fund.cityShare
        if let t = ctx.mapping(m.node("ticket"), m.keyPath("ticket"), keys: FundSpec.Ticket.CodingKeys.yamlKeys) {
            fund.ticket.median = t.amount("median", required: true, .above(0)) ?? fund.ticket.median
            fund.ticket.sigma = t.number("sigma", .closed(0, 3), default: fund.ticket.sigma) ?? fund.ticket.sigma
        }
        if let f = ctx.mapping(m.node("follow_on"), m.keyPath("follow_on"), keys: FundSpec.FollowOn.CodingKeys.yamlKeys) {
            fund.followOn.reserve = f.ratio("reserve", .closed(0, 0.9), default: fund.followOn.reserve) ?? fund.followOn.reserve
            fund.followOn.multiple = f.number("multiple", .closed(0, 10), default: 1) ?? 1
        }
        fund.managementFee = m.ratio("management_fee", .closed(0, 0.1), default: fund.managementFee) ?? fund.managementFee
        fund.holdingYears = m.integer("holding_years", .closed(1, 30), default: fund.holdingYears) ?? fund.holdingYears
        fund.exitRatePerYear = m.ratio("exit_rate_per_year", .closed(0, 0.9), default: fund.exitRatePerYear) ?? fund.exitRatePerYear
        if let x = ctx.mapping(m.node("exit_multiple"), m.keyPath("exit_multiple"), keys: ExitMultipleSpec.CodingKeys.yamlKeys) {
            fund.exitMultiple.paretoAlpha = x.number("pareto_alpha", .open(1, 20), default: fund.exitMultiple.paretoAlpha) ?? fund.exitMultiple.paretoAlpha
            fund.exitMultiple.min = x.number("min", .open(0, 100), default: fund.exitMultiple.min) ?? fund.exitMultiple.min
        }
        fund.pdMultiplier = m.number("pd_multiplier", .open(0, 20), default: fund.pdMultiplier) ?? fund.pdMultiplier
        fund.borrowShare = m.ratio("borrow_share", default: fund.borrowShare) ?? fund.borrowShare
        if let loanCohort = m.string("loan_cohort") {
            if names.contains(loanCohort) {
                fund.loanCohort = loanCohort
            } else {
                ctx.report(m.node("loan_cohort"), m.keyPath("loan_cohort"), "unknown cohort '\(loanCohort)'",
                           allowed: names.joined(separator: ", "))
            }
        }
        fund.grantToEquity = readGrants(m, names: names, horizonMonths: horizonMonths)
        let firms = investments.reduce(0) { $0 + $1.total } + (fund.grantToEquity.map { g in g.investments.reduce(0) { $0 + $1.total } } ?? 0)
        if firms > Self.maxFirms {
            ctx.report(m.node("investments"), m.keyPath("investments"), "the fund would hold \(firms) firms, each simulated one by one",
                       allowed: "at most \(Self.maxFirms) firms over the investment and grant years")
        }
        if horizonMonths > 0 && fund.investmentYears * 12 > horizonMonths {
            ctx.report(m.node("investment_years"), m.keyPath("investment_years"),
                       "an investment period of \(fund.investmentYears) years is longer than the \(horizonMonths)-month horizon",
                       allowed: "at most \(horizonMonths / 12) years")
        }
        return fund
    }

    /// `{cohort: firms per year}` at `key`: each cohort's schedule, and whether any entry was invalid
    /// (reported); nil when the key is absent or not a mapping.
    func schedules(_ m: MapReader, _ key: String, names: [String], years: Int) -> ([FundInvestment], invalid: Bool)? {
        guard let map = ctx.mapping(m.node(key), m.keyPath(key), keys: names) else { return nil }
        var invalid = false
        var investments: [FundInvestment] = []
        for cohort in names where map.has(cohort) {
            guard let schedule = firmsByYear(map, cohort, years: years) else {
                invalid = true
                continue
            }
            investments.append(FundInvestment(cohort: cohort, byYear: schedule))
        }
        return (investments, invalid)
    }

    /// A cohort's firms per year: one whole number for every year, or a list with one per year (the
    /// deployment schedule), each 0…`maxFirmsPerYear`.
    func firmsByYear(_ map: MapReader, _ key: String, years: Int) -> [Int]? {
        guard let node = map.node(key) else { return nil }
        guard node.sequence != nil else { return map.integer(key, .closed(0, Double(Self.maxFirmsPerYear))).map { Array(repeating: $0, count: years) } }
        guard let items = ctx.sequence(node, map.keyPath(key)) else { return nil }
        var schedule: [Int] = []
        for (item, path) in items {
            guard let text = item.scalar?.string, let n = Int(text.trimmingCharacters(in: .whitespaces)), n >= 0, n <= Self.maxFirmsPerYear else {
                ctx.report(item, path, "expected a whole number of firms, found \(ctx.describe(item))", allowed: "0 ≤ x ≤ \(Self.maxFirmsPerYear)")
                return nil
            }
            schedule.append(n)
        }
        guard schedule.count == years else {
            ctx.report(node, map.keyPath(key), "a schedule of \(schedule.count) years for a \(years)-year period",
                       allowed: "one number for every year, or a list of \(years)")
            return nil
        }
        return schedule
    }

    /// `grant_to_equity: {firms_per_year: {cohort: n}, amount, years, round_rate_per_year, window_years}`.
    func readGrants(_ fund: MapReader, names: [String], horizonMonths: Int) -> GrantToEquity? {
        guard let g = ctx.mapping(fund.node("grant_to_equity"), fund.keyPath("grant_to_equity"),
                                  keys: FundSpec.Grants.CodingKeys.yamlKeys) else { return nil }
        let years = g.integer("years", .closed(1, 50), default: 3) ?? 3
        var investments: [FundInvestment] = []
        if let (read, _) = schedules(g, "firms_per_year", names: names, years: years) {
            investments = read
        } else if !g.has("firms_per_year") {
            ctx.report(fund.node("grant_to_equity"), g.keyPath("firms_per_year"), "required key is missing", allowed: "grants per year by cohort: {cohort: firms}")
        }
        var grants = GrantToEquity(investments: investments, amount: g.amount("amount", required: true, .above(0)) ?? 0, years: years)
        grants.roundRatePerYear = g.ratio("round_rate_per_year", .closed(0, 0.9), default: grants.roundRatePerYear) ?? grants.roundRatePerYear
        grants.windowYears = g.integer("window_years", .closed(1, 20), default: grants.windowYears) ?? grants.windowYears
        if horizonMonths > 0 && grants.years * 12 > horizonMonths {
            ctx.report(g.node("years"), g.keyPath("years"), "\(grants.years) years of grants are longer than the \(horizonMonths)-month horizon",
                       allowed: "at most \(horizonMonths / 12) years")
        }
        return grants
    }
}
