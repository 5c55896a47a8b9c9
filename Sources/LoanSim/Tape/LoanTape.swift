/// A bank's loan tape: its programme loans one by one (docs/model.md §3.10). Money in 万元.
public struct LoanTape: Sendable, Equatable {
    public enum LoanType: String, Sendable, Equatable, CaseIterable {
        case credit, collateral, ipPledge = "ip_pledge", guaranteed
    }

    public struct Loan: Sendable, Equatable {
        public var id: String
        public var firm: String
        public var bank: String
        public var amountWan: Double
        public var start: YearMonth
        public var termMonths: Int
        public var type: LoanType
        /// The loan's annual PD: given, or from its rating through the scenario's rating table.
        public var annualPD: Double
        public var rating: String?
        public var sector: String?
        public var revenueWan: Double?
        public var collateralShare: Double?
        public var appraisedIPWan: Double?
        public var innovationScore: Double?
        public var linked: Bool
        public var stake: Double?
        /// The tape's line for this loan (1-based), for messages.
        public var line: Int

        /// Months of the term left at `asOf` (0: matured before it).
        public func monthsLeft(at asOf: YearMonth) -> Int { max(0, termMonths - max(0, asOf.months(since: start))) }
    }

    public var file: String
    public var sha256: String
    public var loans: [Loan]

    public static let required = ["loan_id", "firm_id", "bank", "amount_wan", "start", "term_months", "type"]
    public static let optional = ["annual_pd", "rating", "sector", "revenue_wan", "collateral_share", "appraised_ip_wan",
                                  "innovation_score", "linked", "stake"]
    public static var columns: [String] { required + optional }
}

/// A calendar month, `YYYY-MM`.
public struct YearMonth: Sendable, Equatable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init?(_ text: String) {
        let parts = text.trimmedOfSpaces.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let y = Int(parts[0]), let m = Int(parts[1]),
              (1900...2200).contains(y), (1...12).contains(m) else { return nil }
        year = y
        month = m
    }

    public var index: Int { year * 12 + month - 1 }
    /// Whole months from `other` to this month.
    public func months(since other: YearMonth) -> Int { index - other.index }
    public static func < (a: YearMonth, b: YearMonth) -> Bool { a.index < b.index }
    public var description: String { String(format: "%04d-%02d", year, month) }
}
