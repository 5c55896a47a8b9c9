import RiskModel

/// Each fund's per-path figures, declared once: key (in `summary.json`'s `funds[].figures` and
/// `paths.csv`), unit, and the field of the fund's outcome (read in place, without copying the outcome
/// and retaining its array).
public enum FundFigure: String, CaseIterable, Hashable, Sendable {
    case paidIn = "paid_in", fees, invested, distributions, nav, gain, tvpi, dpi, irr, firms, failures, exits
    case soldAtCost = "sold_at_cost", loans, loanDefaults = "loan_defaults", grants, grantsPaid = "grants_paid"
    case grantsConverted = "grants_converted", grantFailures = "grant_failures", grantProceeds = "grant_proceeds", grantNav = "grant_nav"

    public var unit: String {
        switch self {
        case .paidIn, .fees, .invested, .distributions, .nav, .gain, .grantsPaid, .grantProceeds, .grantNav: return "万元"
        case .tvpi, .dpi: return "ratio"
        case .irr: return "per year"
        case .firms, .failures, .exits, .soldAtCost, .grants, .grantsConverted, .grantFailures: return "firms"
        case .loans, .loanDefaults: return "loans"
        }
    }

    nonisolated(unsafe) var field: KeyPath<FundOutcome, Double> {
        switch self {
        case .paidIn: return \.paidIn
        case .fees: return \.fees
        case .invested: return \.invested
        case .distributions: return \.distributions
        case .nav: return \.nav
        case .gain: return \.gain
        case .tvpi: return \.tvpi
        case .dpi: return \.dpi
        case .irr: return \.irr
        case .firms: return \.firms
        case .failures: return \.failures
        case .exits: return \.exits
        case .soldAtCost: return \.soldAtCost
        case .loans: return \.loans
        case .loanDefaults: return \.loanDefaults
        case .grants: return \.grants
        case .grantsPaid: return \.grantsPaid
        case .grantsConverted: return \.grantsConverted
        case .grantFailures: return \.grantFailures
        case .grantProceeds: return \.grantProceeds
        case .grantNav: return \.grantNav
        }
    }

    /// Each fund's figures, its city result (`FundOutcome.cityResult`) and its city cash by year.
    static func columns(for model: CompiledScenario) -> [PathColumn] {
        var c: [PathColumn] = []
        for (f, spec) in model.funds.enumerated() {
            for figure in allCases {
                nonisolated(unsafe) let field = figure.field
                c.append(.init(.fund(f, figure)) { $0.pointee.funds[f][keyPath: field] })
            }
            let share = spec.fund.cityShare
            c.append(.init(.fundCityResult(f)) { $0.pointee.funds[f].cityResult(share: share) })
            for y in 0..<model.years { c.append(.init(.fundCityNet(f, year: y)) { $0.pointee.funds[f].cityNetByYear[y] }) }
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
    /// `FundFigure.allCases` but the IRR, in that order, then `city_result`: the city's share of
    /// paid-in − distributions − NAV (a loss when positive).
    public let figures: [(key: String, unit: String, summary: SampleSummary)]
    /// The IRR over the paths where it is defined, its quartiles (P25, P50, P75; the mean is pulled
    /// up by early exits at high multiples, so reports give the median), and the share of paths where it is defined.
    public let irr: SampleSummary?
    public let irrQuartiles: [Double]?
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
    /// The city's cash into the funds: its share of contributions less distributions (cash only).
    public let funds: SampleSummary
    /// Fiscal cost + cash into the funds.
    public let combined: SampleSummary
    /// The last year only: the city's share of what the funds still hold at the horizon, at cost — not
    /// cash, kept apart so that no year shows it as money coming in.
    public let holdingsAtCost: SampleSummary?
}

extension RunSummary {
    static func funds(model: CompiledScenario, table: OutcomeTable, weights w: PathWeights) -> [FundSummary] {
        let dry = table.column(.depletionStep)
        return model.funds.enumerated().map { f, spec in
            func column(_ figure: FundFigure) -> [Double] { table.column(.fund(f, figure)) }
            var figures = FundFigure.allCases.filter { $0 != .irr }.map { ($0.rawValue, $0.unit, w.summary(column($0))) }
            let share = spec.fund.cityShare
            figures.append(("city_result", "万元", w.summary(table.column(.fundCityResult(f)))))
            let irr = column(.irr)
            let defined = irr.indices.filter { irr[$0].isFinite }
            // Over the paths where the IRR is defined: with weights, the conditional law's (each path's
            // weight over the subset's total, so that the subset's weights have mean 1).
            let irrWeights = w.weights.map { ws -> [Double] in
                let sub = defined.map { ws[$0] }, scale = Double(sub.count) / sub.reduce(0, +)
                return sub.map { $0 * scale }
            }
            let irrSummary = defined.isEmpty ? nil : SampleSummary(defined.map { irr[$0] }, weights: irrWeights)
            let irrQuartiles = defined.isEmpty ? nil : Self.quartiles(defined.map { irr[$0] }, weights: irrWeights)
            let tvpi = column(.tvpi)
            return FundSummary(name: spec.fund.name, committed: spec.fund.committed, cityShare: share, figures: figures, irr: irrSummary,
                               irrQuartiles: irrQuartiles, irrDefined: w.proportion { irr[$0].isFinite }.p,
                               belowCost: w.proportion { tvpi[$0] < 1 },
                               poolDryAndBelowCost: w.proportion { dry[$0] >= 0 && tvpi[$0] < 1 },
                               cityNetByYear: (0..<model.years).map { y in w.summary(table.column(.fundCityNet(f, year: y))) })
        }
    }

    static func cityCombined(model: CompiledScenario, table: OutcomeTable, weights w: PathWeights) -> [CityCombinedYear] {
        guard !model.funds.isEmpty else { return [] }
        let years = model.years
        return (0..<years).map { y in
            let fiscal = table.column(.budget(year: y, .fiscalCost))
            var cash = [Double](repeating: 0, count: fiscal.count), held = cash
            for (f, spec) in model.funds.enumerated() {
                let net = table.column(.fundCityNet(f, year: y))
                for i in cash.indices { cash[i] += net[i] }
                guard y == years - 1 else { continue }
                let nav = table.column(.fund(f, .nav)), grantNav = table.column(.fund(f, .grantNav))
                for i in held.indices { held[i] += spec.fund.cityShare * nav[i] + grantNav[i] }
            }
            return CityCombinedYear(year: y + 1, fiscalCost: w.summary(fiscal), funds: w.summary(cash),
                                    combined: w.summary(fiscal.indices.map { fiscal[$0] + cash[$0] }),
                                    holdingsAtCost: y == years - 1 ? w.summary(held) : nil)
        }
    }

    /// P25, P50 and P75 of `xs` (type 7; weighted by `weights` when given).
    static func quartiles(_ xs: [Double], weights: [Double]?) -> [Double] {
        guard let weights else {
            let sorted = xs.sorted()
            return [0.25, 0.5, 0.75].map { SampleSummary.quantile(sorted: sorted, $0) }
        }
        let sample = WeightedSample(xs, weights: weights)
        return [0.25, 0.5, 0.75].map(sample.quantile)
    }
}
