import Foundation
import RiskModel
import Testing
@testable import LoanSim

/// docs/model.md §5: the validation the engine must pass.
@Suite struct ModelValidationTests {
    /// One cohort, one annual step, many firms, LGD 1, unit exposure: the loss fraction follows Vasicek.
    /// Kolmogorov–Smirnov distance between the empirical CDF of D/n over paths and Vasicek's CDF must
    /// be below the 99.9% critical value 1.95/√N plus the granularity allowance for n = 100,000 firms
    /// (binomial noise of sd √(x/n) ≈ 7e-4 around x, worth under 0.01 in CDF at the steepest point).
    @Test(arguments: [(0.05, 0.20), (0.02, 0.12), (0.10, 0.08)])
    func lossFractionFollowsVasicek(_ pd: Double, _ rho: Double) throws {
        let firms = 100_000
        let s = try scenario("""
            name: vasicek
            horizon_months: 12
            step: year
            cohorts:
              - {name: c, firms: \(firms), pd: \(pd), rho: \(rho), loan_size: {median: 1, sigma: 0}, lgd: 1, term_months: 12}
            programme: {per_firm_limit: 10}
            pool: {initial: 1}
            """)
        let n = 20_000
        let r = simulate(s, paths: n, seed: 2024)
        let fractions = r.outcomes.map { $0.grossLoss / Double(firms) }.sorted()
        for o in r.outcomes { #expect(o.grossLoss == o.defaults) }  // unit exposure, LGD 1
        let v = Vasicek(pd: pd, rho: rho)
        var ks = 0.0
        for (i, x) in fractions.enumerated() {
            let f = v.cdf(x)
            ks = max(ks, abs(Double(i + 1) / Double(n) - f), abs(Double(i) / Double(n) - f))
        }
        #expect(ks < 1.95 / Double(n).squareRoot() + 0.01, "KS distance \(ks)")
        // Quantiles: empirical CDF at Vasicek's 50/90/99% points within 4 binomial SE.
        for a in [0.5, 0.9, 0.99] {
            let q = v.quantile(a)
            let below = Double(fractions.filter { $0 <= q }.count) / Double(n)
            #expect(abs(below - a) < 4 * (a * (1 - a) / Double(n)).squareRoot() + 0.005, "at \(a): \(below)")
        }
    }

    /// Unlimited pool, ratio r, no cap: pool paid = r × principal loss on every path.
    @Test func unlimitedPoolPaysRatioTimesLoss() throws {
        let s = try scenario("""
            name: unlimited
            horizon_months: 36
            cohorts:
              - {name: a, type: hightech, firms: 3000, pd: 0.04, rho: 0.15, loan_size: {median: 300, sigma: 0.9}, lgd: 0.7, term_months: 12, renewal_probability: 0.5, demand_per_year: 0.2}
              - {name: b, firms: 2000, initial_borrowers: 500, pd: 0.08, rho: 0.1, loan_size: {median: 100, sigma: 0.5}, lgd: 0.9, term_months: 24, repayment: amortising, demand_per_year: 0.3}
            banks: [{name: x, share: 0.6}, {name: y, share: 0.4}]
            programme: {compensation: {credit: 0.8}, per_loan_cap: 1e12, claim_lag_months: 0, per_firm_limit: 1e9}
            pool: {initial: 1e12}
            """)
        let r = simulate(s, paths: 300)
        #expect(r.outcomes.contains { $0.grossLoss > 0 })
        for o in r.outcomes {
            #expect(close(o.poolPaid, 0.8 * o.grossLoss), "paid \(o.poolPaid) vs 0.8 × \(o.grossLoss)")
            #expect(o.unpaidClaims == 0 && o.claimsAfterHorizon == 0 && o.depletionStep == -1)
        }
    }

    /// Per-loan cap: fixed 1,000万 loans, LGD 1, ratio 80% → each claim min(800, 500) = 500.
    @Test func perLoanCapBinds() throws {
        let s = try scenario("""
            name: cap
            horizon_months: 24
            cohorts:
              - {name: a, firms: 5000, pd: 0.05, rho: 0.1, loan_size: {median: 1000, sigma: 0}, lgd: 1, term_months: 24}
            programme: {per_loan_cap: 500万, claim_lag_months: 0}
            pool: {initial: 1e12}
            """)
        for o in simulate(s, paths: 200).outcomes {
            #expect(close(o.poolPaid, 500 * o.defaults))
            #expect(close(o.bankRetained, 500 * o.defaults))
            #expect(close(o.grossLoss, 1000 * o.defaults))
        }
    }

    /// With no autocorrelation (φ = 0) a firm's five-year default probability is 1 − (1 − PD)^5 exactly,
    /// so B1's expected defaults and gross loss have closed forms (capped lognormal mean). Within 4 SE.
    @Test func staticBookMatchesClosedFormExpectation() throws {
        var b1 = try ScenarioLoader.load(path: scenariosDirectory + "/bench-b1.yaml").scenario
        b1.macro.phi = 0
        let r = simulate(b1, paths: 2000, seed: 11)
        var expectedDefaults = 0.0, expectedLoss = 0.0
        let lgds: [String: Double] = ["hightech": 0.6, "sme": 0.7, "startup": 0.8]
        for c in b1.cohorts {
            let pDefault = 1 - pow(1 - c.pd, 5)
            let size = CappedLogNormal(median: c.loanSize.median, sigma: c.loanSize.sigma, cap: 2000)
            expectedDefaults += Double(c.firms) * pDefault
            expectedLoss += Double(c.firms) * pDefault * size.mean * lgds[String(c.name.split(separator: "-")[0])]!
        }
        let d = r.outcomes.map(\.defaults), l = r.outcomes.map(\.grossLoss)
        #expect(abs(mean(d) - expectedDefaults) < 4 * standardError(d), "\(mean(d)) vs \(expectedDefaults)")
        #expect(abs(mean(l) - expectedLoss) < 4 * standardError(l), "\(mean(l)) vs \(expectedLoss)")
    }

    /// Binomial cohort sampling and loan-level sampling agree in distribution: means within 4 SE of the
    /// difference, and a two-sample Kolmogorov–Smirnov test on the loss at the 99.9% level.
    @Test func binomialAndLoanLevelSamplingAgree() throws {
        let yaml = """
            name: modes
            horizon_months: 24
            cohorts:
              - {name: a, firms: 800, initial_borrowers: 400, pd: 0.06, rho: 0.15, loan_size: {median: 200, sigma: 0.8}, lgd: 0.7, term_months: 6, repayment: amortising, renewal_probability: 0.5, demand_per_year: 0.5}
              - {name: b, firms: 300, pd: 0.12, rho: 0.1, loan_size: {median: 50, sigma: 0.4}, lgd: 1, term_months: 12}
            banks: [{name: x, share: 0.5}, {name: y, share: 0.5}]
            programme: {claim_lag_months: 2}
            pool: {initial: 3000, top_ups: [{month: 13, amount: 1000}]}
            """
        var binomial = try scenario(yaml)
        var loan = binomial
        binomial.sampling = .binomial
        loan.sampling = .loan
        let n = 3000
        let a = simulate(binomial, paths: n, seed: 5).outcomes, b = simulate(loan, paths: n, seed: 6).outcomes
        for key in [\PathOutcome.defaults, \.grossLoss, \.poolPaid, \.loansOriginated] {
            let x = a.map { $0[keyPath: key] }, y = b.map { $0[keyPath: key] }
            let se = (pow(standardError(x), 2) + pow(standardError(y), 2)).squareRoot()
            #expect(abs(mean(x) - mean(y)) < 4 * se, "\(key): \(mean(x)) vs \(mean(y)) ± \(se)")
        }
        let x = a.map(\.grossLoss).sorted(), y = b.map(\.grossLoss).sorted()
        var i = 0, j = 0, ks = 0.0
        while i < n && j < n {
            if x[i] <= y[j] { i += 1 } else { j += 1 }
            ks = max(ks, abs(Double(i) / Double(n) - Double(j) / Double(n)))
        }
        #expect(ks < 1.95 * (2.0 / Double(n)).squareRoot(), "two-sample KS \(ks)")
    }
}
