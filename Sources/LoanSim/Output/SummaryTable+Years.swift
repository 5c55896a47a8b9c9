import LoanSimFiles

extension RunSummary {
    /// Year `y`'s (0-based) calendar year and months, when the scenario states `start:`.
    func calendarYear(_ y: Int) -> CalendarYear? {
        budgetYears.calendarSpan(y).map { CalendarYear(year: y + 1, calendarYear: $0.to.year, from: $0.from.description, to: $0.to.description) }
    }

    /// Year `y`'s name on stdout: "2025 (Sep–Dec)", "2026" with a start; "Y1" without.
    func yearName(_ y: Int) -> String { calendarYear(y)?.label(chinese: false) ?? "Y\(y + 1)" }

    /// Every year's name, padded to one width when they are calendar years (programme years keep "Y1").
    var yearNames: [String] {
        let names = (0..<budgetYears.count).map(yearName)
        guard budgetYears.start != nil else { return names }
        let width = names.map(\.count).max() ?? 0
        return names.map { $0.padding(toLength: width, withPad: " ", startingAt: 0) }
    }
}
