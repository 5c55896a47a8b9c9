import RiskModel

/// What one row of a comparison estimates on every scenario's paths: a metric's mean, a probability
/// (`depletion.probability`, `depletion.yearN`), or a ratio of two metrics' means written `A/B`
/// (`fiscal_cost/distinct_firms_financed`: fiscal cost per firm financed), estimated as a ratio of means
/// with its delta-method standard error (`RatioOfMeans`).
public struct ComparedFigure: Sendable, CustomStringConvertible {
    public let numerator: MetricSelector
    /// The denominator of a ratio row (nil for a mean or a probability).
    public let denominator: MetricSelector?

    public var description: String { denominator.map { "\(numerator.key)/\($0.key)" } ?? numerator.description }

    /// The metric's key (`pool_paid`, `depletion.year3`), or `A/B` for a ratio.
    public var key: String { denominator.map { "\(numerator.key)/\($0.key)" } ?? numerator.key }

    /// A ratio's unit: `ratio` for like over like, else the numerator's unit per one of the denominator's
    /// (`万元/firm`).
    public var unit: String {
        guard let denominator else { return numerator.unit }
        if numerator.unit == denominator.unit { return "ratio" }
        let per = ["firms": "firm", "loans": "loan"][denominator.unit] ?? denominator.unit
        return "\(numerator.unit)/\(per)"
    }

    /// Named ratios; any other reads "A ÷ B".
    static let ratioLabels: [String: (en: String, zh: String)] = [
        "fiscal_cost/distinct_firms_financed": ("Fiscal cost per distinct firm financed", "每户获贷企业财政成本"),
        "fiscal_cost/firms_financed": ("Fiscal cost per loan financed (renewals included)", "每笔贷款财政成本（含续贷）"),
        "pool_paid/defaults": ("Pool paid per default", "每笔违约资金池代偿"),
    ]

    public var label: (en: String, zh: String) {
        guard let denominator else { return numerator.label }
        if let named = Self.ratioLabels[description] { return named }
        return ("\(numerator.label.en) ÷ \(denominator.label.en)", "\(numerator.label.zh) ÷ \(denominator.label.zh)")
    }

    /// Parses a row as `scenario` reads it (`depletion.yearN` in its steps and within its horizon).
    /// `paired`: the row is a paired difference (compare), so quantiles and ES are refused; a sweep,
    /// which estimates each point on its own, takes them.
    public init(_ text: String, for scenario: Scenario, paired: Bool = true) throws {
        try self.init(text, paired: paired) { try MetricSelector($0, for: scenario) }
    }

    public init(_ text: String, stepMonths: Int, paired: Bool = true) throws {
        try self.init(text, paired: paired) { try MetricSelector($0, stepMonths: stepMonths) }
    }

    private init(_ text: String, paired: Bool, parse: (String) throws -> MetricSelector) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2 else {
            throw MetricSelectorError(text: text, problem: "a ratio divides one metric by one other", allowed: "A/B, e.g. fiscal_cost/distinct_firms_financed")
        }
        guard parts.count == 2 else {
            let m = try parse(text)
            numerator = paired ? try Self.pairable(m) : m
            denominator = nil
            return
        }
        let (a, b) = (try parse(parts[0]), try parse(parts[1]))
        for m in [a, b] where m.stat != .mean {
            throw MetricSelectorError(text: text, problem: "a ratio divides means of metrics, and \(m.description) is "
                                      + (m.stat == .probability ? "a probability" : "a \(m.stat.rawValue)"),
                                      allowed: "A/B of metrics' means, e.g. fiscal_cost/distinct_firms_financed")
        }
        (numerator, denominator) = (a, b)
    }

    /// The figure over one run's paths and its standard error: the metric's statistic
    /// (`MetricSelector.estimate`), or the ratio of means with its delta-method se; nil for a ratio
    /// whose denominator has mean zero.
    public func estimate(_ outcomes: [PathOutcome]) -> (value: Double, se: Double)? {
        guard let denominator else { return numerator.estimate(outcomes) }
        return RatioOfMeans(numerator: outcomes.map(numerator.value), denominator: outcomes.map(denominator.value)).map { ($0.ratio, $0.se) }
    }

    /// A figure a comparison can pair path by path: a metric's mean or a probability. Quantiles and ES
    /// are not means over paths, so their paired difference is not an average of per-path differences:
    /// refused, with what is allowed.
    static func pairable(_ m: MetricSelector) throws -> MetricSelector {
        guard m.stat == .mean || m.stat == .probability else {
            throw MetricSelectorError(text: m.description, problem: "compare and --precision work on means and probabilities (averages over paths), not \(m.stat.rawValue)",
                                      allowed: "METRIC or METRIC.mean, depletion.probability, depletion.yearN, A/B (a ratio of means)")
        }
        return m
    }
}
