import Foundation
import LoanSimFiles
import Testing
@testable import LoanSim

/// The circuit breaker's options (Programme/CircuitBreaker, docs/model-choices.md "Circuit breaker"):
/// scope, measure, check and min_loans, each on a book whose figures are known exactly. One loan of 100万
/// in cohort `bad` defaults in month 1 (its PD is pushed to certainty then; the paths where it did are
/// kept), beside a healthy book of 100万 loans that never defaults.
@Suite struct BreakerOptionTests {
    /// Two banks of 50 healthy loans each (one bank: 100) and the bad loan; `breaker` is the YAML mapping.
    func run(_ breaker: String, banks: Int = 2, healthy: Int = 100, horizon: Int = 6, lag: Int = 3) throws -> [PathOutcome] {
        let bankList = banks == 1 ? "[{name: x, share: 1}]" : "[{name: x, share: 0.5}, {name: y, share: 0.5}]"
        let s = try scenario("""
            name: breaker-options
            horizon_months: \(horizon)
            banks: \(bankList)
            cohorts:
              - {name: a, firms: \(healthy), pd: 1e-9, rho: 0, lgd: 1, loan_size: {median: 100, sigma: 0}, term_months: 36}
              - {name: bad, firms: 1, pd: 0.5, rho: 0, lgd: 1, loan_size: {median: 100, sigma: 0}, term_months: 36}
            stresses: [{from_month: 1, to_month: 1, pd_multiplier: 1000, cohorts: [bad]}]
            programme: {claim_lag_months: \(lag)}
            pool: {initial: 1e9}
            breaker: \(breaker)
            """)
        return try outcomes(simulate(s, paths: 8), where: { $0.defaults == 1 })
    }

    /// The bank holding the bad loan: 100 ÷ (50 × 100 + 100) = 1.96%; the programme: 100 ÷ 10,100 = 0.99%.
    /// At a 1.5% threshold only that bank is suspended under `scope: bank`, no one under `programme`; at
    /// 0.5% the programme's breaker suspends both banks at once.
    @Test func scopeBankOrProgramme() throws {
        for o in try run("{threshold: 0.015, scope: bank}") {
            #expect(o.breakerTrips == 1 && o.bankFirstSuspension.sorted() == [-1, 0])
        }
        for o in try run("{threshold: 0.015, scope: programme}") {
            #expect(o.breakerTrips == 0 && o.bankFirstSuspension == [-1, -1])
        }
        for o in try run("{threshold: 0.005, scope: programme}") {
            #expect(o.breakerTrips == 2 && o.bankFirstSuspension == [0, 0] && o.banksSuspendedEnd == 2)
        }
    }

    /// With one bank the programme is the bank: the two scopes give the same paths.
    @Test func programmeScopeOfOneBankIsTheBank() throws {
        #expect(try run("{threshold: 0.005, scope: programme}", banks: 1) == run("{threshold: 0.005}", banks: 1))
    }

    /// Checked quarterly, the month-1 default is seen at the end of month 3; yearly, not within 6 months.
    @Test func checkDates() throws {
        for o in try run("{threshold: 0.005, check: month}", banks: 1) { #expect(o.bankFirstSuspension == [0]) }
        for o in try run("{threshold: 0.005, check: quarter}", banks: 1) { #expect(o.bankFirstSuspension == [2]) }
        for o in try run("{threshold: 0.005, check: year}", banks: 1) { #expect(o.bankFirstSuspension == [-1] && o.breakerTrips == 0) }
    }

    /// A stock: the defaulted loan stays overdue until its claim is filed, `claim_lag_months` later. With
    /// a 2-month lag and a 1-month minimum suspension the bank is suspended at the end of month 1 and
    /// reinstated at the end of month 3, when the loan is no longer overdue; the 12-month flow keeps it
    /// suspended through month 6.
    @Test func stockMeasureClearsWhenTheClaimIsFiled() throws {
        let stock = "{threshold: 0.005, measure: stock, min_suspension_months: 1}"
        for o in try run(stock, banks: 1, horizon: 2, lag: 2) { #expect(o.bankFirstSuspension == [0] && o.banksSuspendedEnd == 1) }
        for o in try run(stock, banks: 1, horizon: 3, lag: 2) { #expect(o.bankFirstSuspension == [0] && o.banksSuspendedEnd == 0) }
        for o in try run("{threshold: 0.005, min_suspension_months: 1}", banks: 1, horizon: 6, lag: 2) {
            #expect(o.banksSuspendedEnd == 1)
        }
    }

    /// `min_loans`: after the default the bank holds exactly 50 live loans. A breaker with `min_loans: 50`
    /// acts; with 51 it does not.
    @Test func minLoansIsTheSmallestBookActedOn() throws {
        for o in try run("{threshold: 0.015, min_loans: 51}", banks: 1, healthy: 50, horizon: 2) { #expect(o.breakerTrips == 0) }
        for o in try run("{threshold: 0.015, min_loans: 50}", banks: 1, healthy: 50, horizon: 2) { #expect(o.breakerTrips == 1) }
    }

    /// Defaults reproduce the breaker of 0.3 (the same paths), and scenario.json leaves the options out.
    @Test func defaultsAreTodaysBreaker() throws {
        let explicit = "{threshold: 0.015, scope: bank, measure: flow, check: month, min_loans: 0}"
        #expect(try run(explicit) == run("{threshold: 0.015}"))
        let spec = BreakerSpec(threshold: 0.05)
        let text = String(decoding: try JSONEncoder().encode(spec), as: UTF8.self)
        #expect(text.contains("threshold") && !text.contains("scope") && !text.contains("minLoans"))
        let changed = BreakerSpec(threshold: 0.05, scope: .programme, check: .quarter, minLoans: 30)
        #expect(try JSONDecoder().decode(BreakerSpec.self, from: JSONEncoder().encode(changed)) == changed)
    }

    /// Bad values are refused at their line and column with the allowed values.
    @Test(arguments: [
        ("{threshold: 0.05, scope: city}", "breaker.scope", "bank, programme"),
        ("{threshold: 0.05, measure: balance}", "breaker.measure", "flow, stock"),
        ("{threshold: 0.05, check: week}", "breaker.check", "month, quarter, year"),
        ("{threshold: 0.05, min_loans: -1}", "breaker.min_loans", "1000000"),
        ("{threshold: 0.05, min_loans: 2.5}", "breaker.min_loans", "1000000"),
        ("{threshold: 0.05, min_loans: 1e308}", "breaker.min_loans", "1000000"),
        ("{threshold: 0.05, metric: annual_loss_rate, measure: stock}", "breaker.measure", "overdue_rate"),
        ("{threshold: 0.05, measure: stock, window_months: 6}", "breaker.window_months", "no window_months"),
        ("{threshold: 0.05, cohorts: [d]}", "breaker.cohorts", "no cohort named 'd'"),
        ("{threshold: 0.05, cohorts: [c, c]}", "breaker.cohorts", "each cohort once"),
        ("{threshold: 0.05, cohorts: []}", "breaker.cohorts", "one or more cohort names"),
        ("{threshold: 0.05, metric: compensation_to_balance, cohorts: [c]}", "breaker.cohorts", "no cohorts with metric compensation_to_balance"),
        ("{threshold: 0.05, action: stop_compensation, cohorts: [c]}", "breaker.cohorts", "action: suspend_lending with cohorts"),
    ])
    func badValuesAreRefusedWithTheirPlace(_ breaker: String, _ key: String, _ allowed: String) throws {
        let yaml = """
            name: b
            horizon_months: 12
            cohorts: [{name: c, firms: 10, pd: 0.02, rho: 0.1, loan_size: {median: 1, sigma: 0}, lgd: 1, term_months: 12}]
            pool: {initial: 1}
            breaker: \(breaker)
            """
        let error = #expect(throws: ScenarioError.self) { try scenario(yaml) }
        let issue = try #require(error?.issues.first)
        #expect(issue.file == "test.yaml" && issue.line == 5 && issue.column > 1, "\(issue)")
        #expect(issue.keyPath == key && ((issue.allowed ?? "") + " " + issue.message).contains(allowed), "\(issue)")
    }
}
