import Foundation
import LoanSimFiles
import Testing
@testable import LoanSim

/// Figures by calendar year when a scenario states its start; by programme year otherwise.
@Suite struct BudgetYearsTests {
    /// Without a start: months 1–12, 13–24, … (monthly and quarterly steps), as before calendar years.
    @Test func programmeYearsWithoutAStart() {
        let monthly = BudgetYears(start: nil, stepMonths: 1, stepCount: 60)
        #expect(monthly.count == 5 && monthly.lastStep == [11, 23, 35, 47, 59] && monthly.yearOfStep[12] == 1)
        let quarterly = BudgetYears(start: nil, stepMonths: 3, stepCount: 10)
        #expect(quarterly.lastStep == [3, 7, 9] && quarterly.firstMonth == [1, 13, 25] && quarterly.lastMonth == [12, 24, 30])
        #expect(quarterly.calendarSpan(0) == nil)
    }

    /// From September 2025 over 60 months: 2025 (Sep–Dec, 4 months), 2026–2029, 2030 (Jan–Aug).
    @Test func calendarYearsFromSeptember() throws {
        let y = BudgetYears(start: YearMonth("2025-09"), stepMonths: 1, stepCount: 60)
        #expect(y.count == 6 && y.lastStep == [3, 15, 27, 39, 51, 59])
        #expect(y.firstMonth == [1, 5, 17, 29, 41, 53] && y.lastMonth == [4, 16, 28, 40, 52, 60])
        let first = try #require(y.calendarSpan(0)), last = try #require(y.calendarSpan(5))
        #expect(first.from.description == "2025-09" && first.to.description == "2025-12" && last.to.description == "2030-08")
        #expect(y.endsYear(3) && !y.endsYear(4) && y.endsYear(59))
        // Quarterly from November: a step ends in January, so it counts in the new year.
        let q = BudgetYears(start: YearMonth("2025-11"), stepMonths: 3, stepCount: 4)
        #expect(q.yearOfStep == [0, 0, 0, 0] && q.count == 1 && q.calendarSpan(0)?.to.description == "2026-10")
    }

    @Test func labels() {
        let part = CalendarYear(year: 1, calendarYear: 2025, from: "2025-09", to: "2025-12")
        let whole = CalendarYear(year: 2, calendarYear: 2026, from: "2026-01", to: "2026-12")
        #expect(part.label(chinese: false) == "2025 (Sep–Dec)" && part.label(chinese: true) == "2025年（9–12月）")
        #expect(whole.label(chinese: false) == "2026" && whole.label(chinese: true) == "2026年" && !whole.isPart && part.isPart)
    }

    /// End to end: the budget's yearly flows add up to the horizon's totals on every path, the first
    /// calendar year holds four months of payouts, and a start that disagrees with the record's is refused.
    @Test func budgetByCalendarYearAddsUp() throws {
        var s = try scenario("""
            name: cal
            horizon_months: 24
            start: 2025-09
            cohorts: [{name: c, firms: 200, pd: 0.2, rho: 0.1, loan_size: {median: 100, sigma: 0}, lgd: 1, term_months: 12}]
            programme: {claim_lag_months: 0}
            pool: {initial: 100000}
            """)
        #expect(s.start == YearMonth("2025-09"))
        let r = simulate(s, paths: 50)
        let width = BudgetFlow.allCases.count
        var someEarly = false
        for o in r.outcomes {
            #expect(o.budgetByYear.count == 3 * width)
            let paid = (0..<3).map { o.budgetByYear[$0 * width + BudgetFlow.payouts.rawValue] }
            #expect(abs(paid.reduce(0, +) - o.poolPaid) < 1e-6)
            if paid[0] > 0 { someEarly = true }
        }
        #expect(someEarly)
        s.start = nil
        #expect(simulate(s, paths: 2).outcomes[0].budgetByYear.count == 2 * width)
        let error = #expect(throws: ScenarioError.self) {
            try scenario("name: x\nhorizon_months: 12\nstart: 2025-13\ncohorts: [{name: c, firms: 1, pd: 0.02, rho: 0.1, loan_size: {median: 1, sigma: 0}}]\npool: {initial: 1}")
        }
        #expect(error?.issues.first?.keyPath == "start" && error?.issues.first?.line == 3)
    }
}
