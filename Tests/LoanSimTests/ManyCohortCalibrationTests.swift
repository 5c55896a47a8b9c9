import Foundation
import Testing
@testable import LoanSim
@testable import RiskModel

/// Calibration at scale (issue 31 item 11, docs/calibration.md): the analytic score, the conditional
/// profile and the Gibbs sampler against the exact methods they stand in for.
@Suite struct ManyCohortCalibrationTests {
    static func history(cohorts: Int, years: Int, rho: Double, seed: UInt32) -> History {
        let pd = (0..<cohorts).map { 0.01 + 0.04 * Double(($0 * 37) % 101) / 100 }
        let loans = (0..<cohorts).map { 150 + ($0 * 53) % 250 }
        return HistorySimulator(cohorts: (0..<cohorts).map { "c\($0)" }, pd: pd, rho: rho, loans: loans, years: years).history(seed: seed, replication: 0)
    }

    /// The score from the factor's node weights equals central differences of the log-likelihood.
    @Test func scoreMatchesFiniteDifferences() throws {
        let panel = Self.history(cohorts: 30, years: 8, rho: 0.12, seed: 3).panel
        let fit = MixtureFit(likelihood: MixtureLikelihood(panel: panel, nodes: 32), fixedRho: nil)
        let x = fit.free.map { Logit.of(0.012 + 0.001 * Double($0 % 7)) } + [Logit.of(0.15)]
        let gradient = try #require(fit.analyticGradient())
        let analytic = gradient(x), numeric = Optimizer.gradient(fit.logLikelihood, x, step: 1e-5)
        for i in x.indices {
            #expect(abs(analytic[i] - numeric[i]) <= 1e-4 * max(1, abs(numeric[i])), "coordinate \(i): \(analytic[i]) vs \(numeric[i])")
        }
    }

    /// With a cumulative bound (the last two years' counts hidden, their total known to ±20%) and more than
    /// `chainExactProfileLimit` cohorts, the stretched conditional profile — the whole chained likelihood
    /// with one PD moved, stretched by the numerical information — is within 10% of the exact profile.
    @Test func chainedConditionalProfileIsCloseToTheExactOne() throws {
        let full = Self.history(cohorts: 6, years: 8, rho: 0.12, seed: 7).panel
        var cells = full.cells
        var hidden = 0
        for y in 6..<8 {
            for c in cells[y].indices {
                hidden += cells[y][c]?.defaults ?? 0
                cells[y][c]?.defaults = nil
            }
        }
        let bound = DefaultPanel.Bound(throughYear: 7, lower: Int(Double(hidden) * 0.8), upper: Int(Double(hidden) * 1.2))
        let panel = DefaultPanel(cohortCount: 6, cells: cells, cumulative: .init(cohorts: Array(repeating: true, count: 6), firstYear: 6, bounds: [bound]))
        let fit = MixtureFit(likelihood: MixtureLikelihood(panel: panel, nodes: 24), fixedRho: 0.12)
        #expect(!fit.likelihood.hasExactCountsOnly && fit.usesConditionalProfiles)
        let mle = fit.maximumLikelihood(startPD: Array(repeating: 0.03, count: 6), startRho: 0.12)
        let info = try #require(fit.observedInformation(mle))
        let stretch = try #require(MixtureFit.stretch(information: info))
        for c in [0, 3, 5] where !fit.boundaryCohorts[c] {
            let i = fit.free.firstIndex(of: c)!
            let exact = fit.profileInterval(mle, index: i), approx = fit.conditionalProfileInterval(mle, cohort: c, years: [], stretch: stretch[i])
            #expect(approx.lower < mle.pd[c] && mle.pd[c] < approx.upper)
            #expect(abs(approx.lower / exact.lower - 1) < 0.10 && abs(approx.upper / exact.upper - 1) < 0.10, "cohort \(c): \(approx) vs \(exact)")
        }
        // ρ free: its stretched conditional profile against the exact one (every PD re-fitted).
        let open = MixtureFit(likelihood: MixtureLikelihood(panel: panel, nodes: 24), fixedRho: nil)
        let fitted = open.maximumLikelihood(startPD: Array(repeating: 0.03, count: 6), startRho: 0.12)
        let openStretch = try #require(open.observedInformation(fitted).flatMap(MixtureFit.stretch))
        let exact = open.profileInterval(fitted, index: open.free.count)
        let approx = try #require(open.conditionalRhoInterval(fitted, stretch: openStretch[open.free.count]))
        #expect(abs(approx.lower / exact.lower - 1) < 0.10 && abs(approx.upper / exact.upper - 1) < 0.10, "ρ: \(approx) vs \(exact)")
    }

    /// With a dozen cohorts the conditional profile (others held at the MLE) is within a few per cent of
    /// the exact profile (others re-maximised); with hundreds one cohort moves the year factors less still.
    @Test func conditionalProfileIsCloseToTheExactOne() throws {
        let panel = Self.history(cohorts: 12, years: 10, rho: 0.12, seed: 5).panel
        let fit = MixtureFit(likelihood: MixtureLikelihood(panel: panel, nodes: 32), fixedRho: 0.12)
        let mle = fit.maximumLikelihood(startPD: Array(repeating: 0.03, count: 12), startRho: 0.12)
        let years = fit.likelihood.nodes(pd: mle.pd, rho: mle.rho)
        let stretch = try #require(fit.profileStretch(mle))
        for c in [0, 5, 11] where !fit.boundaryCohorts[c] {
            let i = fit.free.firstIndex(of: c)!
            let exact = fit.profileInterval(mle, index: i), approx = fit.conditionalProfileInterval(mle, cohort: c, years: years, stretch: stretch[i])
            #expect(approx.lower < mle.pd[c] && mle.pd[c] < approx.upper)
            #expect(abs(approx.lower / exact.lower - 1) < 0.05 && abs(approx.upper / exact.upper - 1) < 0.05, "cohort \(c): \(approx) vs \(exact)")
        }
        // ρ free: its Newton-refitted profile against the BFGS-refitted exact one.
        let open = MixtureFit(likelihood: MixtureLikelihood(panel: panel, nodes: 32), fixedRho: nil)
        let fitted = open.maximumLikelihood(startPD: Array(repeating: 0.03, count: 12), startRho: 0.12)
        let info = try #require(open.observedInformation(fitted))
        let exact = open.profileInterval(fitted, index: open.free.count), fast = try #require(open.rhoProfileInterval(fitted, information: info))
        #expect(abs(fast.lower / exact.lower - 1) < 1e-3 && abs(fast.upper / exact.upper - 1) < 1e-3, "ρ: \(fast) vs \(exact)")
    }

    /// The Gibbs sampler and random-walk Metropolis target the same posterior: on one panel their means
    /// of every PD and of ρ agree within 4 combined Monte Carlo standard errors (each from its ESS).
    @Test func gibbsAgreesWithMetropolis() {
        let panel = Self.history(cohorts: 4, years: 15, rho: 0.12, seed: 9).panel
        let priors = Array(repeating: BetaPrior(a: 1, b: 1), count: 4), rhoPrior = BetaPrior(a: 2.4, b: 17.6)
        let likelihood = MixtureLikelihood(panel: panel, nodes: 32)
        let metropolis = MixturePosterior(likelihood: likelihood, pdPriors: priors, rhoPrior: rhoPrior, fixedRho: nil)
            .sample(draws: 3000, thin: 10, startPD: Array(repeating: 0.03, count: 4), startRho: 0.1, stream: RandomStream(kind: .taus2, seed: 1))
        let gibbs = MixtureGibbs(panel: panel, pdPriors: priors, rhoPrior: rhoPrior, fixedRho: nil)
            .sample(draws: 3000, thin: 2, burnIn: 500, startPD: Array(repeating: 0.03, count: 4), startRho: 0.1, stream: RandomStream(kind: .taus2, seed: 2))
        func meanVar(_ x: [Double]) -> (Double, Double) {
            let m = x.reduce(0, +) / Double(x.count)
            return (m, x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1))
        }
        for k in 0...4 {
            let a = k < 4 ? metropolis.pd[k] : metropolis.rho, b = k < 4 ? gibbs.pd[k] : gibbs.rho
            let (ma, va) = meanVar(a), (mb, vb) = meanVar(b)
            let se = (va / metropolis.effectiveSampleSize[k] + vb / gibbs.effectiveSampleSize[k]).squareRoot()
            #expect(abs(ma - mb) < 4 * se, "parameter \(k): Metropolis \(ma), Gibbs \(mb), se \(se)")
        }
    }

    /// 60 cohorts through the whole calibration: the fast path is taken, every interval holds its MLE,
    /// and the intervals cover the truth for most cohorts (nominal 95%; at least 85% of 60).
    @Test func sixtyCohortsRecoverTheTruth() {
        let history = Self.history(cohorts: 60, years: 9, rho: 0.12, seed: 11)
        let truth = (0..<60).map { 0.01 + 0.04 * Double(($0 * 37) % 101) / 100 }
        let result = Calibrator(history: history, options: .init(fixedRho: 0.12, draws: 500)).run()
        var covered = 0
        for (c, e) in result.cohorts.enumerated() {
            #expect(e.method.hasPrefix("conditional profile"), "\(e.method)")
            #expect(e.pd.ci95[0] <= e.pd.mle && e.pd.mle <= e.pd.ci95[1])
            #expect(e.pd.posteriorQ05 < e.pd.posteriorMean && e.pd.posteriorMean < e.pd.posteriorQ95)
            if e.pd.ci95[0] < truth[c] && truth[c] < e.pd.ci95[1] { covered += 1 }
        }
        #expect(covered >= 51, "\(covered) of 60 intervals cover the truth")
        #expect(result.draws.method.hasPrefix("Gibbs"))
    }

    /// A cohort with no counts at all is drawn from its prior: Beta(1, 1), mean 1/2 and sd 1/√12.
    @Test func aCohortWithoutCountsKeepsItsPrior() {
        var panel = Self.history(cohorts: 3, years: 10, rho: 0.12, seed: 13).panel
        for y in panel.cells.indices { panel.cells[y][2] = .init(loans: 100, defaults: nil) }
        let draws = MixtureGibbs(panel: panel, pdPriors: Array(repeating: BetaPrior(a: 1, b: 1), count: 3), rhoPrior: BetaPrior(a: 2.4, b: 17.6), fixedRho: 0.12)
            .sample(draws: 4000, thin: 2, burnIn: 200, startPD: [0.03, 0.03, 0.03], startRho: 0.12, stream: RandomStream(kind: .taus2, seed: 4))
        let x = draws.pd[2], m = x.reduce(0, +) / Double(x.count)
        let sd = (x.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(x.count - 1)).squareRoot()
        #expect(abs(m - 0.5) < 4 * sd / draws.effectiveSampleSize[2].squareRoot(), "mean \(m)")
        #expect(abs(sd - 1 / 12.0.squareRoot()) < 0.03, "sd \(sd)")
    }
}
