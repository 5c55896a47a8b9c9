/// The years figures are reported by. Without a calendar start, programme years: months 1–12, 13–24, …
/// With `start` (the calendar month of month 1), calendar (budget) years: a scenario starting in
/// September 2025 reports 2025 (September–December, a part year), 2026, … and the horizon's last
/// calendar year, in part. A step belongs to the year of its last month (with quarterly steps and a
/// start that is not a quarter's first month, a step may straddle a new year; it counts in the later).
public struct BudgetYears: Sendable, Equatable {
    public let start: YearMonth?
    /// The year (0-based index) of each step.
    public let yearOfStep: [Int]
    /// The last step of each year.
    public let lastStep: [Int]
    /// Horizon months (1-based) each year covers, first and last.
    public let firstMonth: [Int]
    public let lastMonth: [Int]

    public var count: Int { lastStep.count }

    public init(start: YearMonth?, stepMonths d: Int, stepCount: Int) {
        self.start = start
        func year(ofMonth k: Int) -> Int { start.map { ($0.index + k - 1) / 12 } ?? (k - 1) / 12 }
        let first = year(ofMonth: d)
        yearOfStep = (0..<stepCount).map { year(ofMonth: ($0 + 1) * d) - first }
        var last: [Int] = [], firstM: [Int] = [], lastM: [Int] = []
        for t in 0..<stepCount where t == stepCount - 1 || yearOfStep[t + 1] != yearOfStep[t] {
            firstM.append(last.last.map { ($0 + 1) * d + 1 } ?? 1)
            last.append(t)
            lastM.append((t + 1) * d)
        }
        (lastStep, firstMonth, lastMonth) = (last, firstM, lastM)
    }

    /// Whether step `t` closes its year.
    @inline(__always) public func endsYear(_ t: Int) -> Bool { lastStep[yearOfStep[t]] == t }

    /// Year `y`'s calendar span, first and last month (nil without a start).
    public func calendarSpan(_ y: Int) -> (from: YearMonth, to: YearMonth)? {
        guard let start else { return nil }
        return (start.adding(months: firstMonth[y] - 1), start.adding(months: lastMonth[y] - 1))
    }
}

extension YearMonth {
    public init(index: Int) {
        year = index / 12
        month = index % 12 + 1
    }

    public func adding(months n: Int) -> YearMonth { YearMonth(index: index + n) }
}
