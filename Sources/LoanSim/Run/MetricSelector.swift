import RiskModel

/// A statistic of a metric across paths, named as in `summary.json`: `pool_paid.mean`,
/// `gross_loss.q99`, `bank_net_loss.es99`, `depletion.probability` (`depletion` is the per-path
/// indicator of a depleted pool), `depletion.year3` (depleted by the end of year 3). Estimates carry
/// their Monte Carlo standard error.
public struct MetricSelector: Sendable, CustomStringConvertible {
    public enum Stat: String, Sendable, CaseIterable {
        case mean, probability, q50, q90, q95, q99, q999, es99
    }

    public let key: String
    public let stat: Stat
    public let unit: String
    public let value: @Sendable (PathOutcome) -> Double

    public var description: String { key.contains(".") ? key : "\(key).\(stat.rawValue)" }

    /// What the metric is called in tables and reports, in English and in Chinese.
    public var label: (en: String, zh: String) {
        if key.hasPrefix("depletion.year") {
            let year = key.dropFirst("depletion.year".count)
            return ("P(pool depleted by the end of year \(year))", "第\(year)年末前资金池耗尽概率")
        }
        if key.hasPrefix("depletion.month") {
            let month = key.dropFirst("depletion.month".count)
            return ("P(pool depleted by the end of month \(month))", "第\(month)个月末前资金池耗尽概率")
        }
        if key == "depletion" { return ("P(pool depleted)", "资金池耗尽概率") }
        let def = MetricDefinition.all.first { $0.key == key }
        return (def?.label ?? key, def?.labelZh ?? key)
    }

    public static var keys: [String] { MetricDefinition.all.map(\.key) + ["depletion"] }

    /// The metric as `scenario` reads it: `depletion.yearN` counted in its steps, and refused past its
    /// horizon (the run cannot say whether the pool lasts to a year it does not reach).
    public init(_ text: String, for scenario: Scenario) throws {
        try self.init(text, stepMonths: scenario.step.months)
        if let year = depletionYear, year * 12 > scenario.horizonMonths {
            let years = scenario.horizonMonths / 12
            throw MetricSelectorError(text: text, problem: "year \(year) ends after the scenario's horizon (\(scenario.horizonMonths) months)",
                                      allowed: (years >= 1 ? "depletion.year1 … depletion.year\(years), " : "") + "depletion.probability (by the horizon)")
        }
    }

    /// N of `depletion.yearN` (nil for other metrics).
    public var depletionYear: Int? { key.hasPrefix("depletion.year") ? Int(key.dropFirst("depletion.year".count)) : nil }

    /// Parses `key.stat` (a bare key means its mean); `depletion.yearN` needs the step length in months
    /// (`init(_:for:)` takes it from the scenario).
    public init(_ text: String, stepMonths: Int) throws {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let key = parts[0]
        guard !key.isEmpty else {
            throw MetricSelectorError(text: text, problem: "no metric named", allowed: "METRIC or METRIC.STAT, e.g. pool_paid.q99, depletion.year5")
        }
        let statText = parts.count > 1 ? parts[1] : (key == "depletion" ? "probability" : "mean")
        if key == "depletion", statText.hasPrefix("year"), let year = Int(statText.dropFirst(4)), year >= 1, year <= 100 {
            // Depleted by the end of year N: a filed claim left unpaid at the end of a step in it or before.
            let lastStep = year * 12 / stepMonths - 1
            self.key = "depletion.\(statText)"
            stat = .probability
            unit = "probability"
            value = { $0.depletionStep >= 0 && $0.depletionStep <= lastStep ? 1 : 0 }
            return
        }
        if key == "depletion", statText.hasPrefix("month"), let month = Int(statText.dropFirst(5)), month >= 1, month <= 1200 {
            // Depleted by the end of month N (a step's last month: a scenario's target by calendar year).
            guard month % stepMonths == 0 else {
                throw MetricSelectorError(text: text, problem: "month \(month) does not end a \(stepMonths)-month step", allowed: "a multiple of \(stepMonths)")
            }
            let lastStep = month / stepMonths - 1
            self.key = "depletion.\(statText)"
            stat = .probability
            unit = "probability"
            value = { $0.depletionStep >= 0 && $0.depletionStep <= lastStep ? 1 : 0 }
            return
        }
        guard let stat = Stat(rawValue: statText) else {
            throw MetricSelectorError(text: text, problem: "unknown statistic '\(statText)'",
                                      allowed: Stat.allCases.map(\.rawValue).joined(separator: ", ") + ", and depletion.yearN, depletion.monthN")
        }
        if key == "depletion" {
            self.key = key
            self.stat = stat == .mean ? .probability : stat
            unit = "probability"
            value = { $0.depletionStep >= 0 ? 1 : 0 }
            return
        }
        guard let def = MetricDefinition.all.first(where: { $0.key == key }) else {
            var problem = "unknown metric '\(key)'"
            // A CSV column's name (`pool_paid_wan`, `p_depleted`) names its metric without the unit.
            let column = key.hasPrefix("p_depleted") ? "depletion" : key.hasSuffix("_wan") ? String(key.dropLast(4)) : key
            if let guess = Self.keys.contains(column) ? column : closest(key, in: Self.keys) { problem += "; did you mean '\(guess)'?" }
            throw MetricSelectorError(text: text, problem: problem, allowed: Self.keys.joined(separator: ", "))
        }
        self.key = key
        self.stat = stat == .probability ? .mean : stat
        unit = def.unit
        value = def.value
    }

    /// The statistic over `outcomes` and its standard error (of the mean; of a quantile from its
    /// order-statistic confidence interval; of ES by the tail sample's spread).
    public func estimate(_ outcomes: [PathOutcome]) -> (value: Double, se: Double) {
        let xs = outcomes.map(value)
        switch stat {
        case .mean, .probability:
            var s = 0.0
            for x in xs { s += x }
            return (s / Double(xs.count), SampleSummary.standardError(xs))
        case .es99:
            let sorted = xs.sorted()
            let k = max(1, Int((Double(sorted.count) * 0.01 - 1e-9).rounded(.up)))
            let tail = Array(sorted[(sorted.count - k)...])
            return (SampleSummary.expectedShortfall(sorted: sorted, 0.99), tail.count > 1 ? SampleSummary.standardError(tail) : .infinity)
        default:
            let alpha = ["q50": 0.5, "q90": 0.9, "q95": 0.95, "q99": 0.99, "q999": 0.999][stat.rawValue]!
            let sorted = xs.sorted()
            return (SampleSummary.quantile(sorted: sorted, alpha), SampleSummary.quantileStandardError(sorted: sorted, alpha))
        }
    }
}

public struct MetricSelectorError: Error, CustomStringConvertible {
    public let text: String
    public let problem: String
    public let allowed: String
    public var description: String { "metric '\(text)': \(problem) (allowed: \(allowed))" }
}
