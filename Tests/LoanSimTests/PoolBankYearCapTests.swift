import Foundation
import LoanSimFiles
import Testing
@testable import LoanSim

/// A pool's own per-bank-year cap (`pools[].per_bank_year_cap`, Programme/BankYearCap): it caps what
/// the bank receives from that pool at a share of the bank's prior year-end balance of the loans the
/// pool covers, not of its whole programme book. One bank; cohort `x` (pool `px`) holds 100 loans of
/// 100万 = 10,000万, cohort `y` (pool `py`) 900 loans of 100万 = 90,000万; in month 1 every `x` loan
/// defaults with certainty and its claim (LGD 1, ratio 50%: 50万 a loan, 5,000万 in all) is filed in
/// month 2, within the first year.
@Suite struct PoolBankYearCapTests {
    func run(programme: String = "", px: String = "") throws -> [PathOutcome] {
        let s = try scenario("""
            name: pool-caps
            horizon_months: 12
            banks: [{name: k, share: 1}]
            cohorts:
              - {name: x, firms: 100, initial_borrowers: 100, pd: 0.5, rho: 0, lgd: 1, loan_size: {median: 100, sigma: 0}, term_months: 36}
              - {name: y, firms: 900, initial_borrowers: 900, pd: 1e-9, rho: 0, lgd: 1, loan_size: {median: 100, sigma: 0}, term_months: 36}
            stresses: [{from_month: 1, to_month: 1, pd_multiplier: 1000, cohorts: [x]}]
            programme: {claim_lag_months: 1, compensation: {credit: 50%, collateralised: 50%}\(programme)}
            pools:
              - {name: px, initial: 1e9, covers: {cohorts: [x]}\(px)}
              - {name: py, initial: 1e9, covers: {cohorts: [y]}}
            """)
        return try outcomes(simulate(s, paths: 4), where: { $0.defaults == 100 })
    }

    /// Own cap 1%: px pays 1% × 10,000万 = 100万 and denies the other 4,900万. The programme's cap of 1%
    /// reads the whole book (100,000万): px pays 1,000万. No cap: px pays all 5,000万.
    @Test func aPoolsOwnCapReadsTheLoansItCovers() throws {
        for o in try run(px: ", per_bank_year_cap: {share_of_prior_balance: 1%, amount: 1e6}") {
            #expect(close(o.pools[0].paid, 100) && close(o.claimsDenied, 4_900), "\(o.pools[0].paid) \(o.claimsDenied)")
        }
        for o in try run(programme: ", per_bank_year_cap: {share_of_prior_balance: 1%, amount: 1e6}") {
            #expect(close(o.pools[0].paid, 1_000) && close(o.claimsDenied, 4_000), "\(o.pools[0].paid) \(o.claimsDenied)")
        }
        for o in try run() { #expect(close(o.pools[0].paid, 5_000) && o.claimsDenied == 0) }
    }

    /// The amount binds first when it is the smaller: min(1% × 10,000万, 30万) = 30万. A pool's own cap
    /// wins over the programme's.
    @Test func theAmountAndTheOwnCapWin() throws {
        for o in try run(programme: ", per_bank_year_cap: {share_of_prior_balance: 50%, amount: 1e6}",
                         px: ", per_bank_year_cap: {share_of_prior_balance: 1%, amount: 30}") {
            #expect(close(o.pools[0].paid, 30) && close(o.claimsDenied, 4_970))
        }
    }

    /// Echoed with its pool in scenario.json and read back; bad values refused at their place.
    @Test func echoedAndChecked() throws {
        let s = try scenario("""
            name: c
            horizon_months: 12
            cohorts: [{name: c, firms: 10, pd: 0.02, rho: 0.1, loan_size: {median: 1, sigma: 0}, lgd: 1, term_months: 12}]
            pools: [{name: p, initial: 1, per_bank_year_cap: {share_of_prior_balance: 2%, amount: 1000万}}]
            """)
        let file = ScenarioJSON.file(s)
        #expect(file.pools?.first?.perBankYearCap == BankYearCapSpec(shareOfPriorBalance: 0.02, amount: 1000))
        expectRefused({ try scenario("""
            name: c
            horizon_months: 12
            cohorts: [{name: c, firms: 10, pd: 0.02, rho: 0.1, loan_size: {median: 1, sigma: 0}, lgd: 1, term_months: 12}]
            pools: [{name: p, initial: 1, per_bank_year_cap: {share_of_prior_balance: 2%, amount: -5}}]
            """) }, line: 4, key: "pools[0].per_bank_year_cap.amount", allowed: "0")
    }
}
