import Foundation
import RiskModel
import Testing
@testable import LoanSim

/// `loansim calibrate` recovers the parameters that generated a history, with honest intervals.
@Suite struct CalibrationRecoveryTests {
    static let cases: [(pd: [Double], rho: Double, loans: [Int], years: Int)] = [
        ([0.02, 0.04, 0.08], 0.10, [800, 1500, 400], 30),
        ([0.01, 0.015, 0.03, 0.05], 0.15, [2000, 1000, 800, 500], 20),
        ([0.03, 0.02, 0.05, 0.06, 0.04, 0.10], 0.06, [600, 900, 700, 400, 500, 300], 10),
        ([0.015, 0.05, 0.02], 0.20, [3000, 700, 1200], 25),
    ]

    /// Each case: the MLE lies inside its own interval, and so (for these seeds) does the truth.
    @Test(arguments: 0..<4)
    func estimatesLieInTheirIntervals(index: Int) {
        let k = Self.cases[index]
        let sim = HistorySimulator(cohorts: k.pd.indices.map { "c\($0)" }, pd: k.pd, rho: k.rho, loans: k.loans, years: k.years)
        let history = sim.history(seed: 7, replication: index)
        let result = Calibrator(history: history, options: .init(draws: 400)).run()
        #expect(!result.rhoFixed)
        for (c, e) in result.cohorts.enumerated() {
            #expect(e.pd.ci95[0] <= e.pd.mle && e.pd.mle <= e.pd.ci95[1])
            #expect(e.pd.ci95[0] < k.pd[c] && k.pd[c] < e.pd.ci95[1], "cohort \(c): \(k.pd[c]) outside \(e.pd.ci95)")
            #expect(e.pd.posteriorQ05 < e.pd.posteriorMean && e.pd.posteriorMean < e.pd.posteriorQ95)
        }
        #expect(result.rho.ci95[0] <= result.rho.mle && result.rho.mle <= result.rho.ci95[1])
        #expect(result.rho.ci95[0] < k.rho && k.rho < result.rho.ci95[1], "ρ \(k.rho) outside \(result.rho.ci95)")
        #expect(result.nodeChange < 1e-9)
    }

    /// Over 200 replications the 95% profile intervals of ρ and of the first cohort's PD cover the
    /// truth between 90% and 99% of the time (nominal 95%; binomial SE 1.5 points, so the band is
    /// about ±3 SE).
    @Test func profileIntervalsCoverTheTruth() async {
        let truth = (pd: [0.02, 0.05, 0.03], rho: 0.12)
        let sim = HistorySimulator(cohorts: ["a", "b", "c"], pd: truth.pd, rho: truth.rho, loans: [1000, 600, 1500], years: 20)
        let reps = 200
        let hits = await withTaskGroup(of: (Bool, Bool).self) { group in
            for r in 0..<reps {
                group.addTask {
                    let panel = sim.history(seed: 2025, replication: r).panel
                    let fit = MixtureFit(likelihood: MixtureLikelihood(panel: panel, nodes: 16), fixedRho: nil)
                    let mle = fit.maximumLikelihood(startPD: [0.03, 0.03, 0.03], startRho: 0.1)
                    let rho = fit.profileInterval(mle, index: 3, tolerance: 1e-4), pd = fit.profileInterval(mle, index: 0, tolerance: 1e-4)
                    return (rho.lower < truth.rho && truth.rho < rho.upper, pd.lower < truth.pd[0] && truth.pd[0] < pd.upper)
                }
            }
            var rho = 0, pd = 0
            for await (a, b) in group {
                if a { rho += 1 }
                if b { pd += 1 }
            }
            return (rho, pd)
        }
        let rhoCoverage = Double(hits.0) / Double(reps), pdCoverage = Double(hits.1) / Double(reps)
        #expect(rhoCoverage >= 0.90 && rhoCoverage <= 0.99, "ρ coverage \(rhoCoverage)")
        #expect(pdCoverage >= 0.90 && pdCoverage <= 0.99, "PD coverage \(pdCoverage)")
    }
}
