import Foundation
import LoanSimFiles
import Testing
@testable import LoanSim

/// A breaker's book (`breaker.cohorts`, Programme/CircuitBreaker/BreakerBooks): it reads only the
/// cohorts it names and suspends only their lending. One bank; cohort `a` holds 100 healthy loans of
/// 100万 and lends 50 new ones a year, cohort `bad` one loan of 100万 that defaults in month 1 (the
/// paths where it did are kept). The whole book's overdue rate is then 100 ÷ 10,100 ≈ 0.99%; `bad`'s
/// own is 100 ÷ 100 = 100%; `a`'s is 0.
@Suite struct BreakerBookTests {
    func run(_ breaker: String?) throws -> [PathOutcome] {
        let s = try scenario("""
            name: breaker-books
            horizon_months: 12
            banks: [{name: x, share: 1}]
            cohorts:
              - {name: a, firms: 200, initial_borrowers: 100, pd: 1e-9, rho: 0, lgd: 1, loan_size: {median: 100, sigma: 0},
                 term_months: 36, demand_per_year: 25%}
              - {name: bad, firms: 1, pd: 0.5, rho: 0, lgd: 1, loan_size: {median: 100, sigma: 0}, term_months: 36}
            stresses: [{from_month: 1, to_month: 1, pd_multiplier: 1000, cohorts: [bad]}]
            programme: {claim_lag_months: 3}
            pool: {initial: 1e9}
            \(breaker.map { "breaker: " + $0 } ?? "")
            """)
        return try outcomes(simulate(s, paths: 8), where: { $0.defaults == 1 })
    }

    /// Threshold 0.5%: the whole book (0.99%) and `bad`'s book (100%) trip; `a`'s book (no default) does not.
    /// At 50% only `bad`'s book trips.
    @Test func aBreakerReadsItsOwnCohorts() throws {
        for o in try run("{threshold: 0.005}") { #expect(o.breakerTrips == 1 && o.bankFirstSuspension == [0]) }
        for o in try run("{threshold: 0.005, cohorts: [a]}") { #expect(o.breakerTrips == 0 && o.bankFirstSuspension == [-1]) }
        for o in try run("{threshold: 0.005, cohorts: [bad]}") { #expect(o.breakerTrips == 1 && o.bankFirstSuspension == [0]) }
        for o in try run("{threshold: 0.5}") { #expect(o.breakerTrips == 0) }
        for o in try run("{threshold: 0.5, cohorts: [bad]}") { #expect(o.breakerTrips == 1) }
    }

    /// Suspended in `bad`'s book, the bank goes on lending to `a`: the path is the breaker-free path in
    /// every figure but the breaker's own. Suspended in the whole book, it lends nothing after month 1.
    @Test func aSuspensionReachesItsOwnCohortsOnly() throws {
        let free = try run(nil), own = try run("{threshold: 0.005, cohorts: [bad]}"), whole = try run("{threshold: 0.005}")
        try #require(free.count == own.count && free.count == whole.count)
        for (f, (o, w)) in zip(free, zip(own, whole)) {
            #expect(f.lendingVolume > 0 && o.lendingVolume == f.lendingVolume, "\(o.lendingVolume) vs \(f.lendingVolume)")
            var same = o
            same.breakerTrips = f.breakerTrips
            same.bankFirstSuspension = f.bankFirstSuspension
            same.banksSuspendedEnd = f.banksSuspendedEnd
            #expect(same == f)
            #expect(w.lendingVolume < f.lendingVolume, "the whole book's suspension stops a's lending")
        }
    }

    /// Naming every cohort is the whole book when there is no tape and no fund: the same paths.
    @Test func everyCohortIsTheWholeBook() throws {
        #expect(try run("{threshold: 0.005, cohorts: [a, bad]}") == run("{threshold: 0.005}"))
    }

    /// More books than a mask holds are refused, not a crash: 33 cohorts, a breaker on each.
    @Test func atMost32Books() throws {
        func yaml(_ n: Int) -> String {
            let cohorts = (0..<n).map { "  - {name: c\($0), firms: 10, pd: 0.02, rho: 0.1, loan_size: {median: 1, sigma: 0}, lgd: 1, term_months: 12}" }
            let breakers = (0..<n).map { "  - {threshold: 0.05, cohorts: [c\($0)]}" }
            return "name: b\nhorizon_months: 12\ncohorts:\n" + cohorts.joined(separator: "\n") + "\npool: {initial: 1}\nbreakers:\n"
                + breakers.joined(separator: "\n") + "\n"
        }
        #expect(try scenario(yaml(32)).breakers.count == 32)
        expectRefused({ try scenario(yaml(33)) }, line: 39, key: "breakers", allowed: "at most 32")   // the list starts on line 39
    }

    /// A breaker's cohorts read cohort books; with a loan tape they are refused at the breaker's line.
    @Test func cohortsWithATapeAreRefused() throws {
        let scenario = LoanTapeTests.scenario + "\nbreaker: {threshold: 0.05, cohorts: [c]}\n"
        let line = scenario.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("breaker:") }! + 1
        let path = try LoanTapeTests.folder(tape: LoanTapeTests.header + "\nL1,F1,a,500,2025-03,12,credit,0.02,,tech,4000\n", scenario: scenario)
        expectRefused({ try ScenarioLoader.load(path: path).scenario }, line: line, key: "breaker.cohorts", allowed: "no book: tape")
    }
}
