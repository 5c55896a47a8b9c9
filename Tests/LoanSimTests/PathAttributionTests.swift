import Foundation
import LoanSimFiles
import RiskModel
import Testing
@testable import LoanSim

/// Who drew on the pools by cohort and sector (`PathAttribution`): the parts add up to the pools'
/// payouts and the banks' net loss on every path of every kind of run, and two independent sub-books
/// get their closed forms.
@Suite struct PathAttributionTests {
    /// Every path: Σ parts = poolPaid and Σ parts = bankNetLoss, by cohort and by sector, with IP
    /// recoveries (IP pledge), a tape and sectors, several pools, and a fund's loans.
    @Test(arguments: ["zhengzhou-ip-pledge", "bank-tape-example", "zhengzhou-city-district-province", "zhengzhou-angel-fund-2024"])
    func partsAddUpOnEveryPath(_ name: String) throws {
        let loaded = try ScenarioLoader.load(path: scenariosDirectory + "/\(name).yaml")
        let model = CompiledScenario(loaded.scenario)
        #expect(model.cohortParts.count > 1)
        gslStartUp()
        let r = Simulation.runSerial(model, paths: 120, seed: 4)
        var drew = 0
        for o in r.outcomes {
            for a in [o.cohortAttribution, o.sectorAttribution] where !a.paid.isEmpty {
                #expect(close(a.paid.reduce(0, +), o.poolPaid), "\(name): \(a.paid.reduce(0, +)) vs \(o.poolPaid)")
                #expect(close(a.netLoss.reduce(0, +), o.bankNetLoss), "\(name): \(a.netLoss.reduce(0, +)) vs \(o.bankNetLoss)")
                #expect(a.paid.allSatisfy { $0 >= 0 })
            }
            if o.poolPaid > 0 { drew += 1 }
        }
        #expect(drew > 0, "some path drew on a pool")
        #expect(r.outcomes.allSatisfy { $0.cohortAttribution.paid.count == model.cohortParts.count })
        #expect(r.outcomes.allSatisfy { $0.sectorAttribution.paid.count == model.sectorParts.count })
    }

    static let twoBooks = """
        name: two-books
        horizon_months: 12
        cohorts:
          - {name: a, firms: 2000, pd: 0.04, rho: 0, loan_size: {median: 100, sigma: 0}, lgd: 0.5, term_months: 36}
          - {name: b, firms: 1000, pd: 0.10, rho: 0, loan_size: {median: 50, sigma: 0}, lgd: 1, term_months: 36}
        banks: [{name: x, share: 0.6}, {name: y, share: 0.4}]
        programme: {claim_lag_months: 0}
        pool: {initial: POOL}
        """

    /// Two independent sub-books (ρ = 0, fixed sizes, bullet loans past the horizon, claims filed at
    /// once) and a pool that never runs short: each cohort's payouts are 80% × LGD × size × its defaults
    /// on every path (so a whole number of loans' claims), its net loss the other 20%, and their means
    /// are 0.8 × LGD × size × firms × PD (a year's horizon) within 4 standard errors.
    @Test func independentSubBooksMatchTheirClosedForm() throws {
        let s = try scenario(Self.twoBooks.replacingOccurrences(of: "POOL", with: "1e9"))
        let r = simulate(s, paths: 3000, seed: 9)
        let perLoan = [0.8 * 0.5 * 100, 0.8 * 1 * 50], expected = [perLoan[0] * 2000 * 0.04, perLoan[1] * 1000 * 0.10]
        for k in 0..<2 {
            let paid = r.outcomes.map { $0.cohortAttribution.paid[k] }
            for (o, x) in zip(r.outcomes, paid) {
                let loans = x / perLoan[k]
                #expect(abs(loans - loans.rounded()) < 1e-6, "cohort \(k): \(x) is not a whole number of claims")
                #expect(close(o.cohortAttribution.netLoss[k], x / 4, 1e-9), "the bank keeps 20%")
            }
            #expect(abs(mean(paid) - expected[k]) < 4 * standardError(paid), "cohort \(k): \(mean(paid)) vs \(expected[k])")
        }
        // Independent: the covariance of the two parts is zero within its error (|corr| < 4/√n).
        let a = r.outcomes.map { $0.cohortAttribution.paid[0] }, b = r.outcomes.map { $0.cohortAttribution.paid[1] }
        let ma = mean(a), mb = mean(b)
        let cov = zip(a, b).reduce(0) { $0 + ($1.0 - ma) * ($1.1 - mb) } / Double(a.count - 1)
        let sa = standardError(a) * Double(a.count).squareRoot(), sb = standardError(b) * Double(b.count).squareRoot()
        #expect(abs(cov / (sa * sb)) < 4 / Double(a.count).squareRoot())
    }

    /// A pool that runs short: the parts still add up to what was paid, each bank's compensation split
    /// over the cohorts by their claims.
    @Test func shortPoolStillAddsUp() throws {
        let s = try scenario(Self.twoBooks.replacingOccurrences(of: "POOL", with: "2000"))
        let r = simulate(s, paths: 300, seed: 2)
        let short = try outcomes(r, where: { $0.unpaidClaims > 0 })
        for o in short {
            #expect(close(o.cohortAttribution.paid.reduce(0, +), o.poolPaid) && close(o.poolPaid, 2000))
            #expect(close(o.cohortAttribution.netLoss.reduce(0, +), o.bankNetLoss))
        }
    }
}
