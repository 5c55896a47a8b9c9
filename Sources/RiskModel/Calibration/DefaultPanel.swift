/// Yearly default counts of several cohorts, the data of the one-factor binomial mixture
/// (Gordy & Heitfield's setting): in year `y` cohort `c` had `loans` exposed at the start and `defaults`
/// of them defaulted. A year's loans default independently given that year's factor `Z_y ~ N(0, 1)`,
/// shared by every cohort; years are independent.
///
/// A count may be unobserved (`nil`): it is integrated out, unless it belongs to the cumulative
/// observation, where it enters as a censored sum.
public struct DefaultPanel: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        public var loans: Int
        /// Defaults in the year, or nil when not observed.
        public var defaults: Int?
        public init(loans: Int, defaults: Int?) {
            self.loans = loans
            self.defaults = defaults
        }
    }

    /// Censored observations of one running total: the defaults of `cohorts` summed from year index
    /// `firstYear` through each bound's `throughYear` lie in `lower...upper` (`upper` nil: no upper
    /// bound). This is how a programme's record reads: "at least 2 loans compensated by mid-2024", "the
    /// pool still solvent in 2025, so at most K compensated defaults".
    public struct Cumulative: Sendable, Equatable {
        public var cohorts: [Bool]
        public var firstYear: Int
        public var bounds: [Bound]
        public init(cohorts: [Bool], firstYear: Int, bounds: [Bound]) {
            self.cohorts = cohorts
            self.firstYear = firstYear
            self.bounds = bounds
        }
    }

    public struct Bound: Sendable, Equatable {
        public var throughYear: Int
        public var lower: Int
        public var upper: Int?
        public init(throughYear: Int, lower: Int, upper: Int?) {
            self.throughYear = throughYear
            self.lower = lower
            self.upper = upper
        }
    }

    public var cohortCount: Int
    /// `cells[y][c]`; nil when the cohort had no loans that year.
    public var cells: [[Cell?]]
    public var cumulative: Cumulative?

    public init(cohortCount: Int, cells: [[Cell?]], cumulative: Cumulative? = nil) {
        self.cohortCount = cohortCount
        self.cells = cells
        self.cumulative = cumulative
    }

    public var yearCount: Int { cells.count }

    /// Years in which at least one count is observed exactly.
    public var yearsWithCounts: Int { cells.filter { $0.contains { $0?.defaults != nil } }.count }

    /// Exactly observed defaults of cohort `c` (and the loans they were observed on).
    public func observed(cohort c: Int) -> (loans: Int, defaults: Int) {
        var n = 0, d = 0
        for row in cells {
            if let cell = row[c], let k = cell.defaults {
                n += cell.loans
                d += k
            }
        }
        return (n, d)
    }

    /// The panel restricted to one cohort's exactly observed counts (for bounds that concern it alone).
    public func only(cohort c: Int) -> DefaultPanel {
        DefaultPanel(cohortCount: 1, cells: cells.map { row in [row[c].flatMap { $0.defaults == nil ? nil : $0 }] })
    }
}
