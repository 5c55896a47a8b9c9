import TextFormats

/// One observed quantity of a programme's public record, to be compared with the simulation at the end
/// of month `month` of the horizon: a posterior predictive check. The observation may be exact or
/// censored (`>= 2`: "at least two loans compensated").
public struct RecordCheck: Sendable, Equatable {
    public enum Metric: String, Sendable, Equatable, CaseIterable {
        /// Defaulted programme loans whose claim has been filed by the month (default + claim lag).
        case compensatedLoans = "compensated_loans"
        case poolPaid = "pool_paid"
        case defaults
        case grossLoss = "gross_loss"
        case breakerTrips = "breaker_trips"
        /// 1 if a claim has been left unpaid at the end of some month so far, else 0.
        case depleted
        case loansOriginated = "loans_originated"
        case lendingVolume = "lending_volume"

        public var unit: String {
            switch self {
            case .poolPaid, .grossLoss, .lendingVolume: return "万元"
            case .compensatedLoans, .defaults, .loansOriginated: return "loans"
            case .breakerTrips: return "count"
            case .depleted: return "yes = 1"
            }
        }
    }

    public var name: String
    /// The name in Chinese, for Chinese reports (empty: use `name`).
    public var nameZh = ""
    public var metric: Metric
    /// 1-based month of the horizon at whose end the record observes the quantity.
    public var month: Int
    /// The observation: exact (`lower == upper`), at least (`upper` nil) or at most (`lower` nil).
    public var lower: Double?
    public var upper: Double?
    /// As written in the record, e.g. ">= 231.93".
    public var observed: String
    public var source: String

    public init(name: String, metric: Metric, month: Int, lower: Double?, upper: Double?, observed: String, source: String) {
        self.name = name
        self.metric = metric
        self.month = month
        self.lower = lower
        self.upper = upper
        self.observed = observed
        self.source = source
    }

    /// Parses "5", ">= 2", "<= 86", "0".
    public static func parseObservation(_ text: String) -> (lower: Double?, upper: Double?)? {
        let t = text.replacingOccurrences(of: " ", with: "")
        func number(_ s: Substring) -> Double? { DecimalNumber.parse(s).flatMap { abs($0) < 1e12 ? $0 : nil } }
        if t.hasPrefix(">="), let v = number(t.dropFirst(2)) { return (v, nil) }
        if t.hasPrefix("<="), let v = number(t.dropFirst(2)) { return (nil, v) }
        if let v = number(Substring(t)) { return (v, v) }
        return nil
    }

    /// Whether a path's value agrees with the observation.
    public func agrees(_ x: Double) -> Bool {
        (lower.map { x >= $0 - 1e-9 } ?? true) && (upper.map { x <= $0 + 1e-9 } ?? true)
    }
}
