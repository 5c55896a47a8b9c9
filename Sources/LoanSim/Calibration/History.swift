import Foundation
import RiskModel

/// A programme's default history, read from a CSV (`year,cohort,loans,defaults[,exposure_wan,loss_wan]`).
///
/// Year rows give one cohort's loans exposed at the start of a year and the defaults among them in
/// the year (empty: not observed). Cumulative rows (`year` a span such as `2018-2024`, `loans` empty)
/// give censored totals over the span: `>=2`, `<=86`, `3..9` or an exact `5`, for one cohort or `*`
/// (all cohorts). All cumulative rows must start in the same year and cover the same cohorts: they read
/// as a record published over time ("at least 2 loans compensated by 2024").
public struct History: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var year: Int
        public var cohort: String
        public var loans: Int
        public var defaults: Int?
        public var exposureWan: Double?
        public var lossWan: Double?
        public var line: Int
    }

    public struct CumulativeRow: Sendable, Equatable {
        public var firstYear: Int
        public var lastYear: Int
        /// nil: every cohort.
        public var cohort: String?
        public var lower: Int
        public var upper: Int?
        public var line: Int
    }

    public var file: String
    public var rows: [Row]
    public var cumulative: [CumulativeRow]
    /// Cohorts in order of first appearance.
    public var cohorts: [String]
    /// First to last year with a row.
    public var years: ClosedRange<Int>
    /// Things worth saying that are not errors (a gap in the years, say).
    public var warnings: [String]
    /// SHA-256 of the file's bytes.
    public var sha256: String

    /// The panel the likelihood reads: one row of cells per year from the first to the last.
    public var panel: DefaultPanel {
        let index = Dictionary(uniqueKeysWithValues: cohorts.enumerated().map { ($1, $0) })
        var cells = [[DefaultPanel.Cell?]](repeating: [DefaultPanel.Cell?](repeating: nil, count: cohorts.count), count: years.count)
        for r in rows { cells[r.year - years.lowerBound][index[r.cohort]!] = DefaultPanel.Cell(loans: r.loans, defaults: r.defaults) }
        var chain: DefaultPanel.Cumulative?
        if let first = cumulative.first {
            let selected = cohorts.map { c in first.cohort == nil || first.cohort == c }
            chain = DefaultPanel.Cumulative(cohorts: selected, firstYear: first.firstYear - years.lowerBound,
                                            bounds: cumulative.map { .init(throughYear: $0.lastYear - years.lowerBound, lower: $0.lower, upper: $0.upper) })
        }
        return DefaultPanel(cohortCount: cohorts.count, cells: cells, cumulative: chain)
    }

    /// Loans and exactly observed defaults per cohort.
    public func totals(cohort: String) -> (loans: Int, observedLoans: Int, defaults: Int) {
        var n = 0, on = 0, d = 0
        for r in rows where r.cohort == cohort {
            n += r.loans
            if let k = r.defaults {
                on += r.loans
                d += k
            }
        }
        return (n, on, d)
    }
}
