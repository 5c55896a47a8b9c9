import Foundation
import RiskModel

/// Fits each cohort's annual PD and one common asset correlation ρ to a `History` (docs/model.md §3.9):
/// maximum likelihood of the one-factor binomial mixture with 95% profile-likelihood intervals,
/// Pluto & Tasche's most prudent upper bound for cohorts without defaults, and the posterior under
/// `CalibrationPrior` with draws a scenario can carry into the simulation.
public struct Calibrator: Sendable {
    public struct Options: Sendable {
        /// Fix ρ instead of estimating it.
        public var fixedRho: Double?
        /// Posterior draws kept (each `thin` Metropolis steps apart).
        public var draws = 4000
        public var thin = 10
        public var seed: UInt32 = 20_180_097
        public init(fixedRho: Double? = nil, draws: Int = 4000, seed: UInt32 = 20_180_097) {
            self.fixedRho = fixedRho
            self.draws = draws
            self.seed = seed
        }
    }

    /// ρ is estimated only from at least this many years of exact counts with at least `minDefaults`
    /// defaults in all: fewer cannot separate correlation from PD (Gordy & Heitfield).
    public static let minYearsForRho = 5
    public static let minDefaultsForRho = 3

    public let history: History
    public let prior: CalibrationPrior
    public let options: Options

    public init(history: History, prior: CalibrationPrior = .default, options: Options = Options()) {
        self.history = history
        self.prior = prior
        self.options = options
    }

    /// The ρ to hold fixed, and why (nil: estimate it).
    public func rhoTreatment() -> (fixed: Double?, warning: String?) {
        if let r = options.fixedRho { return (r, nil) }
        let panel = history.panel
        let years = panel.yearsWithCounts
        let defaults = (0..<panel.cohortCount).reduce(0) { $0 + panel.observed(cohort: $1).defaults }
        if years < Self.minYearsForRho || defaults < Self.minDefaultsForRho {
            return (prior.rho.mean, "the history is too short to identify ρ (\(years) years with counts, \(defaults) defaults; "
                    + "needs ≥ \(Self.minYearsForRho) years and ≥ \(Self.minDefaultsForRho) defaults): ρ is fixed at the prior mean "
                    + String(format: "%.3f", prior.rho.mean))
        }
        return (nil, nil)
    }

    /// Smallest node count (from 8, doubling) at which doubling changes the log-likelihood by < 1e-9 at
    /// `pd`, `rho`; and that change.
    static func nodeCount(_ panel: DefaultPanel, pd: [Double], rho: Double, from start: Int = 8) -> (Int, Double) {
        var n = start
        var current = MixtureLikelihood(panel: panel, nodes: n).logLikelihood(pd: pd, rho: rho)
        while n < 512 {
            let next = MixtureLikelihood(panel: panel, nodes: 2 * n).logLikelihood(pd: pd, rho: rho)
            let change = abs(next - current)
            if change < 1e-9 || (!next.isFinite && !current.isFinite) { return (n, change.isNaN ? 0 : change) }
            n *= 2
            current = next
        }
        return (n, .nan)
    }

    /// What a long fit is doing, for a progress line: the stage, work done of the work in it, and the
    /// seconds since the fit began.
    public struct Progress: Sendable {
        public let stage: String
        public let done: Int
        public let of: Int
        public let elapsed: Double
    }

    /// The Gibbs sampler's thinning and burn-in (sweeps), for many cohorts.
    static let gibbsThin = 2, gibbsBurnIn = 500

    public func run(progress: (@Sendable (Progress) -> Void)? = nil) -> Calibration {
        let started = Date()
        func report(_ stage: String, _ done: Int, _ of: Int) {
            progress?(Progress(stage: stage, done: done, of: of, elapsed: Date().timeIntervalSince(started)))
        }
        let panel = history.panel
        let (fixed, rhoWarning) = rhoTreatment()
        var warnings = history.warnings
        if let rhoWarning { warnings.append(rhoWarning) }
        let startPD = history.cohorts.enumerated().map { c, name -> Double in
            let (n, d) = panel.observed(cohort: c)
            return n > 0 && d > 0 ? (Double(d) + 0.5) / (Double(n) + 1) : min(prior.pd(for: name).mean, 0.05)
        }
        let startRho = fixed ?? 0.1
        var (nodes, _) = Self.nodeCount(panel, pd: startPD.map { max($0, 1e-4) }, rho: max(startRho, 0.05))
        var fit: MixtureFit
        var mle: MixtureFit.Estimate
        var change: Double
        repeat {
            fit = MixtureFit(likelihood: MixtureLikelihood(panel: panel, nodes: nodes), fixedRho: fixed)
            mle = fit.maximumLikelihood(startPD: startPD, startRho: startRho)
            let (needed, c) = Self.nodeCount(panel, pd: mle.pd, rho: mle.rho, from: nodes)
            change = c
            if needed <= nodes { break }
            nodes = needed
        } while nodes < 512
        let free = fit.free
        // Many cohorts (or more than a few with a cumulative bound): each interval a conditional profile
        // (MixtureFit+ManyCohorts); on the MLE's quadrature when the counts are exact.
        let conditional = fit.usesConditionalProfiles
        let exactOnly = fit.likelihood.hasExactCountsOnly
        let years = conditional && exactOnly ? fit.likelihood.nodes(pd: mle.pd, rho: mle.rho) : []
        let information = conditional ? fit.observedInformation(mle) : nil
        let stretch = information.flatMap(MixtureFit.stretch)
        if conditional && stretch == nil {
            warnings.append("the information matrix at the MLE is not positive definite: each cohort's interval is its conditional profile, "
                            + "not stretched for the others' re-fit, and so narrower than the exact profile would be")
        }
        var cohorts: [Calibration.CohortEstimate] = []
        report("maximum likelihood found; profile intervals", 0, history.cohorts.count)
        for (c, name) in history.cohorts.enumerated() {
            let ci: (Double, Double)
            var method: String
            if fit.boundaryCohorts[c] {
                ci = (0, fit.mostPrudentUpperBound(cohort: c, rho: mle.rho))
                method = "no defaults: MLE 0; upper bound by most prudent estimation (P(no defaults) = 5%)"
            } else {
                if conditional {
                    let i = free.firstIndex(of: c)!
                    ci = fit.conditionalProfileInterval(mle, cohort: c, years: years, stretch: stretch?[i] ?? 1)
                    method = (exactOnly ? "conditional profile likelihood (the others and the year factors' quadrature at the MLE), stretched by "
                              : "conditional profile likelihood (the others at the MLE), stretched by ")
                        + String(format: "%.2f", stretch?[i] ?? 1) + " for the others' re-maximisation"
                } else {
                    ci = fit.profileInterval(mle, index: free.firstIndex(of: c)!)
                    method = "profile likelihood"
                }
            }
            let t = history.totals(cohort: name)
            if t.observedLoans == 0 { method += "; no exact counts, only the cumulative bounds" }
            cohorts.append(.init(name: name, loans: t.loans, observedLoans: t.observedLoans, defaults: t.defaults,
                                 pd: .init(mle: mle.pd[c], ci95: [ci.0, ci.1]), method: method, prior: prior.pd(for: name)))
            report("profile intervals", c + 1, history.cohorts.count)
        }
        var rho = Calibration.Estimate(mle: mle.rho, ci95: [mle.rho, mle.rho])
        if fixed == nil {
            // Many cohorts: ρ's profile with the PDs re-fitted by Newton steps on the information at the MLE;
            // with a cumulative bound (no score), its stretched conditional profile.
            let chained = conditional && !exactOnly ? fit.conditionalRhoInterval(mle, stretch: stretch?[free.count] ?? 1) : nil
            let ci = chained ?? information.flatMap { fit.rhoProfileInterval(mle, information: $0) } ?? fit.profileInterval(mle, index: free.count)
            rho.ci95 = [ci.0, ci.1]
        }
        let gibbs = conditional && exactOnly
        report(gibbs ? "posterior draws (\(options.draws) × \(Self.gibbsThin) Gibbs sweeps)" : "posterior draws (\(options.draws) × \(options.thin) Metropolis steps)", 0, 1)
        let posterior = MixturePosterior(likelihood: fit.likelihood, pdPriors: history.cohorts.map { prior.pd(for: $0) },
                                         rhoPrior: prior.rho, fixedRho: fixed)
        let stream = RandomStream(kind: .taus2, seed: StreamSeed.derive(master: options.seed, block: 0, purpose: StreamSeed.purpose("calibrate/posterior")))
        // Many cohorts: Gibbs sweeps, each O(cohorts × years), instead of Metropolis in hundreds of dimensions.
        let draws = gibbs
            ? MixtureGibbs(panel: panel, pdPriors: history.cohorts.map { prior.pd(for: $0) }, rhoPrior: prior.rho, fixedRho: fixed)
                .sample(draws: options.draws, thin: Self.gibbsThin, burnIn: Self.gibbsBurnIn, startPD: mle.pd.map { max($0, 1e-4) }, startRho: mle.rho,
                        stream: stream)
            : posterior.sample(draws: options.draws, thin: options.thin, startPD: mle.pd.map { max($0, 1e-4) }, startRho: mle.rho, stream: stream)
        for c in cohorts.indices { cohorts[c].pd.summarise(draws.pd[c]) }
        rho.summarise(draws.rho)
        report("done", 1, 1)
        return Calibration(history: history, prior: prior, cohorts: cohorts, rho: rho, rhoFixed: fixed != nil,
                           logLikelihood: mle.logLikelihood, nodes: nodes, nodeChange: change,
                           draws: draws, seed: options.seed, warnings: warnings)
    }
}

/// What `Calibrator.run` found.
public struct Calibration: Sendable {
    public struct Estimate: Sendable, Equatable {
        public var mle: Double
        public var ci95: [Double]
        public var posteriorMean = Double.nan
        public var posteriorMedian = Double.nan
        public var posteriorQ05 = Double.nan
        public var posteriorQ95 = Double.nan

        mutating func summarise(_ x: [Double]) {
            let s = x.sorted()
            posteriorMean = x.reduce(0, +) / Double(max(1, x.count))
            posteriorMedian = SampleSummary.quantile(sorted: s, 0.5)
            posteriorQ05 = SampleSummary.quantile(sorted: s, 0.05)
            posteriorQ95 = SampleSummary.quantile(sorted: s, 0.95)
        }
    }

    public struct CohortEstimate: Sendable {
        public var name: String
        public var loans: Int
        public var observedLoans: Int
        public var defaults: Int
        public var pd: Estimate
        public var method: String
        public var prior: BetaPrior
    }

    public var history: History
    public var prior: CalibrationPrior
    public var cohorts: [CohortEstimate]
    public var rho: Estimate
    public var rhoFixed: Bool
    public var logLikelihood: Double
    public var nodes: Int
    public var nodeChange: Double
    public var draws: MixturePosterior.Draws
    public var seed: UInt32
    public var warnings: [String]
    /// The posterior conditioned on the whole record (`--condition-on`), beside the count-only one.
    public var recordConditioned: ConditionedPosterior? = nil
}
