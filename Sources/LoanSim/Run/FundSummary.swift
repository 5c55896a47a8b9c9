import RiskModel

/// The per-path columns of the city's funds (`PathColumn`): each fund's figures and its city cash by year.
enum FundColumn {
    /// Each fund's figures: key, unit, and the field of the fund's outcome (read in place, without
    /// copying the outcome and retaining its array).
    nonisolated(unsafe) static let figures: [(key: String, unit: String, field: KeyPath<FundOutcome, Double>)] = [
        ("paid_in", "万元", \.paidIn), ("fees", "万元", \.fees), ("invested", "万元", \.invested),
        ("distributions", "万元", \.distributions), ("nav", "万元", \.nav), ("gain", "万元", \.gain),
        ("tvpi", "ratio", \.tvpi), ("dpi", "ratio", \.dpi), ("irr", "per year", \.irr),
        ("firms", "firms", \.firms), ("failures", "firms", \.failures), ("exits", "firms", \.exits),
        ("sold_at_cost", "firms", \.soldAtCost), ("loans", "loans", \.loans), ("loan_defaults", "loans", \.loanDefaults),
        ("grants", "firms", \.grants), ("grants_paid", "万元", \.grantsPaid), ("grants_converted", "firms", \.grantsConverted),
        ("grant_failures", "firms", \.grantFailures), ("grant_proceeds", "万元", \.grantProceeds), ("grant_nav", "万元", \.grantNav),
    ]

    /// Each fund's figures, its city result (`FundOutcome.cityResult`) and its city cash by year.
    static func columns(for model: CompiledScenario) -> [PathColumn] {
        var c: [PathColumn] = []
        for (f, spec) in model.funds.enumerated() {
            for figure in figures {
                nonisolated(unsafe) let field = figure.field
                c.append(.init("fund\(f).\(figure.key)") { $0.pointee.funds[f][keyPath: field] })
            }
            let share = spec.fund.cityShare
            c.append(.init("fund\(f).city_result") { $0.pointee.funds[f].cityResult(share: share) })
            for y in 0..<model.years { c.append(.init("fund\(f).city_net\(y)") { $0.pointee.funds[f].cityNetByYear[y] }) }
        }
        return c
    }
}

/// One fund across paths: its figures' distributions, the IRR where defined, P(below cost) and the
/// joint P(a pool runs dry and the fund is below cost), and the city's net cash into it by year.
public struct FundSummary: Sendable {
    public let name: String
    public let committed: Double
    public let cityShare: Double
    /// `FundColumn.figures` but the IRR, in that order, then `city_result`: the city's share of
    /// paid-in − distributions − NAV (a loss when positive).
    public let figures: [(key: String, unit: String, summary: SampleSummary)]
    /// The IRR over the paths where it is defined, and their share.
    public let irr: SampleSummary?
    public let irrDefined: Double
    public let belowCost: Proportion
    public let poolDryAndBelowCost: Proportion
    public let cityNetByYear: [SampleSummary]
}

/// One year of the city's combined view: the programme's fiscal cost, its net cash into the funds
/// (the last year credits its share of the funds' NAV at cost), and their sum.
public struct CityCombinedYear: Sendable {
    public let year: Int
    public let fiscalCost: SampleSummary
    public let funds: SampleSummary
    public let combined: SampleSummary
}

extension RunSummary {
    static func funds(model: CompiledScenario, table: OutcomeTable, weights w: PathWeights) -> [FundSummary] {
        let dry = table.column("depletion_step")
        return model.funds.enumerated().map { f, spec in
            func column(_ key: String) -> [Double] { table.column("fund\(f).\(key)") }
            var figures = FundColumn.figures.filter { $0.key != "irr" }.map { ($0.key, $0.unit, w.summary(column($0.key))) }
            let share = spec.fund.cityShare
            figures.append(("city_result", "万元", w.summary(column("city_result"))))
            let irr = column("irr")
            let defined = irr.indices.filter { irr[$0].isFinite }
            // Over the paths where the IRR is defined: with weights, the conditional law's (each path's
            // weight over the subset's total, so that the subset's weights have mean 1).
            let irrWeights = w.weights.map { ws -> [Double] in
                let sub = defined.map { ws[$0] }, scale = Double(sub.count) / sub.reduce(0, +)
                return sub.map { $0 * scale }
            }
            let irrSummary = defined.isEmpty ? nil : SampleSummary(defined.map { irr[$0] }, weights: irrWeights)
            let tvpi = column("tvpi")
            return FundSummary(name: spec.fund.name, committed: spec.fund.committed, cityShare: share, figures: figures, irr: irrSummary,
                               irrDefined: w.proportion { irr[$0].isFinite }.p,
                               belowCost: w.proportion { tvpi[$0] < 1 },
                               poolDryAndBelowCost: w.proportion { dry[$0] >= 0 && tvpi[$0] < 1 },
                               cityNetByYear: (0..<model.years).map { y in w.summary(column("city_net\(y)")) })
        }
    }

    static func cityCombined(model: CompiledScenario, table: OutcomeTable, weights w: PathWeights) -> [CityCombinedYear] {
        guard !model.funds.isEmpty else { return [] }
        let years = model.years
        return (0..<years).map { y in
            let fiscal = table.column("budget\(y).\(BudgetFlow.fiscalCost.rawValue)")
            var funds = [Double](repeating: 0, count: fiscal.count)
            for (f, spec) in model.funds.enumerated() {
                let net = table.column("fund\(f).city_net\(y)")
                let nav = y == years - 1 ? table.column("fund\(f).nav") : [], grantNav = y == years - 1 ? table.column("fund\(f).grant_nav") : []
                for i in funds.indices { funds[i] += net[i] - (nav.isEmpty ? 0 : spec.fund.cityShare * nav[i] + grantNav[i]) }
            }
            return CityCombinedYear(year: y + 1, fiscalCost: w.summary(fiscal), funds: w.summary(funds),
                                    combined: w.summary(fiscal.indices.map { fiscal[$0] + funds[$0] }))
        }
    }
}
