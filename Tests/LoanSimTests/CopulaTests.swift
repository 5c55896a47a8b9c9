import CGSL
import Foundation
import RiskModel
import Testing
@testable import LoanSim

/// The Student-t copula (docs/model.md §3.2): one cohort, one annual step, many firms, LGD 1, unit
/// exposure. The loss fraction follows the t one-factor large-pool law
/// `P(L ≤ x) = E_W[Φ((√(1−ρ) Φ⁻¹(x) − t_ν⁻¹(q) √(W/ν)) / √ρ)]`, W ~ χ²_ν, computed here by integrating
/// over W (midpoints of 4,000 equal-probability cells); the Gaussian law is far from it (the test can
/// fail), and the marginal PD is kept: E[defaults] = n q within 4 SE.
@Suite struct CopulaTests {
    /// `c·√(W/ν)` at the midpoints of 4,000 equal-probability cells of W.
    static func thresholds(pd: Double, nu: Double) -> [Double] {
        let c = gsl_cdf_tdist_Pinv(pd, nu), k = 4000
        return (0..<k).map { j in c * (gsl_cdf_chisq_Pinv((Double(j) + 0.5) / Double(k), nu) / nu).squareRoot() }
    }

    static func largePoolCDF(_ x: Double, rho: Double, thresholds: [Double]) -> Double {
        let a = (1 - rho).squareRoot() * Normal.quantile(x)
        return thresholds.reduce(0.0) { $0 + Normal.cdf((a - $1) / rho.squareRoot()) } / Double(thresholds.count)
    }

    @Test(arguments: [(0.05, 0.20, 4.0), (0.02, 0.12, 8.0)])
    func lossFractionFollowsTheTLargePoolLaw(_ pd: Double, _ rho: Double, _ nu: Double) throws {
        let firms = 100_000
        let s = try scenario("""
            name: t-copula
            horizon_months: 12
            step: year
            copula: {type: t, nu: \(nu)}
            cohorts:
              - {name: c, firms: \(firms), pd: \(pd), rho: \(rho), loan_size: {median: 1, sigma: 0}, lgd: 1, term_months: 12}
            programme: {per_firm_limit: 10}
            pool: {initial: 1}
            """)
        #expect(s.copula == .t(nu: nu))
        let n = 8000
        let r = simulate(s, paths: n, seed: 77)
        let fractions = r.outcomes.map { $0.grossLoss / Double(firms) }.sorted()
        var ks = 0.0, ksGauss = 0.0
        let vasicek = Vasicek(pd: pd, rho: rho)
        let cells = Self.thresholds(pd: pd, nu: nu)
        for (i, x) in fractions.enumerated() {
            let f = Self.largePoolCDF(max(x, 1e-12), rho: rho, thresholds: cells)
            ks = max(ks, abs(Double(i + 1) / Double(n) - f), abs(Double(i) / Double(n) - f))
            let g = vasicek.cdf(x)
            ksGauss = max(ksGauss, abs(Double(i + 1) / Double(n) - g), abs(Double(i) / Double(n) - g))
        }
        // The 99.9% critical value plus the same granularity allowance as the Vasicek test.
        let band = 1.95 / Double(n).squareRoot() + 0.01
        #expect(ks < band, "KS distance to the t law \(ks)")
        #expect(ksGauss > 2 * band, "the Gaussian law should be rejected: KS \(ksGauss)")
        let d = r.outcomes.map(\.defaults)
        #expect(abs(mean(d) - Double(firms) * pd) < 4 * standardError(d), "\(mean(d)) vs \(Double(firms) * pd)")
    }

    /// The copula is read with its range; a Gaussian copula takes no ν; the Gaussian default draws no
    /// mixing (its scenarios' numbers are unchanged: checked byte for byte on B1 and the baseline).
    @Test func copulaKeysAreChecked() throws {
        let base = """
            name: c
            horizon_months: 12
            cohorts: [{name: c, firms: 10, pd: 0.02, rho: 0.1, loan_size: {median: 1, sigma: 0}, lgd: 1, term_months: 12}]
            pool: {initial: 1}
            """
        #expect(try scenario(base).copula == .gaussian)
        for (bad, words) in [("copula: {type: t}", "copula.nu"), ("copula: {type: t, nu: 0.5}", "out of range"),
                             ("copula: {type: clayton}", "unknown copula 'clayton'"), ("copula: {type: gaussian, nu: 3}", "no degrees of freedom"),
                             ("copula: {type: t, nu: .nan}", "copula.nu")] {
            #expect(throws: ScenarioError.self) { try scenario(base + "\n" + bad) }
            do { _ = try scenario(base + "\n" + bad) } catch let e as ScenarioError {
                #expect(e.description.contains(words), "\(bad): \(e.description)")
            }
        }
    }
}
