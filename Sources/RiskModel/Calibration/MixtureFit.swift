import Foundation

/// Estimates of the one-factor binomial mixture's parameters from a `DefaultPanel`: maximum
/// likelihood with 95% profile-likelihood intervals, Pluto & Tasche's most prudent upper bound for
/// cohorts without defaults, and the posterior under Beta priors (random-walk Metropolis).
///
/// Parameters are handled in logit coordinates. ρ is either estimated or fixed (`fixedRho`).
public struct MixtureFit: Sendable {
    public let likelihood: MixtureLikelihood
    public let fixedRho: Double?
    /// Cohorts whose MLE is PD = 0 (no defaults observed and no lower bound involving them): their
    /// likelihood increases as PD → 0, so the MLE sits on the boundary.
    public let boundaryCohorts: [Bool]

    /// χ²₁ 95% quantile / 2: the drop in log-likelihood that bounds a profile interval.
    public static let profileDrop = 1.920729410347062

    public init(likelihood: MixtureLikelihood, fixedRho: Double?) {
        self.likelihood = likelihood
        self.fixedRho = fixedRho
        let panel = likelihood.panel
        boundaryCohorts = (0..<panel.cohortCount).map { c in
            let chainNeedsDefaults = panel.cumulative.map { $0.cohorts[c] && $0.bounds.contains { $0.lower > 0 } } ?? false
            return panel.observed(cohort: c).defaults == 0 && !chainNeedsDefaults
        }
    }

    var cohortCount: Int { likelihood.panel.cohortCount }
    /// Free coordinates: the non-boundary cohorts' logit PDs, then logit ρ unless fixed.
    public var free: [Int] { (0..<cohortCount).filter { !boundaryCohorts[$0] } }

    /// (PDs, ρ) from free coordinates; boundary cohorts at PD 0.
    func parameters(_ x: [Double]) -> ([Double], Double) {
        var pd = [Double](repeating: 0, count: cohortCount)
        for (i, c) in free.enumerated() { pd[c] = Logit.inverse(x[i]) }
        return (pd, fixedRho ?? Logit.inverse(x[free.count]))
    }

    func logLikelihood(_ x: [Double]) -> Double {
        let (pd, rho) = parameters(x)
        if rho >= 0.999 { return -.infinity }
        return likelihood.logLikelihood(pd: pd, rho: rho)
    }

    public struct Estimate: Sendable {
        public var pd: [Double]
        public var rho: Double
        public var logLikelihood: Double
        /// Coordinates at the maximum (logit scale), for warm starts.
        var x: [Double]
    }

    /// The maximum-likelihood estimate from a start at `startPD` and `startRho`.
    public func maximumLikelihood(startPD: [Double], startRho: Double) -> Estimate {
        var x = free.map { Logit.of(min(max(startPD[$0], 1e-6), 0.5)) }
        if fixedRho == nil { x.append(Logit.of(min(max(startRho, 0.01), 0.5))) }
        // Hundreds of cohorts: the analytic score instead of 2F evaluations per gradient.
        let r = Optimizer.maximize(logLikelihood, gradient: free.count > Self.exactProfileLimit ? analyticGradient() : nil, start: x,
                                   gradientTolerance: 1e-7, maxIterations: free.count > Self.exactProfileLimit ? 2000 : 400)
        let (pd, rho) = parameters(r.x)
        return Estimate(pd: pd, rho: rho, logLikelihood: r.value, x: r.x)
    }

    /// The 95% profile-likelihood interval of coordinate `index` (a free cohort's position in `free`,
    /// or `free.count` for ρ) on the probability scale. Ends that never drop far enough stop at the
    /// boundary of the search (logit ±18, i.e. ~1.5e-8 and 1 − 1.5e-8). Ends are found to `tolerance`
    /// in logit units (1e-6: a relative error of about 1e-6 on a small PD).
    public func profileInterval(_ mle: Estimate, index: Int, tolerance: Double = 1e-6) -> (lower: Double, upper: Double) {
        let target = mle.logLikelihood - Self.profileDrop
        let full = free.count > Self.exactProfileLimit ? analyticGradient() : nil
        func profile(_ v: Double, warm: inout [Double]) -> Double {
            let others = warm
            let f: ([Double]) -> Double = { y in
                var full = y
                full.insert(v, at: index)
                return logLikelihood(full)
            }
            let g: (([Double]) -> [Double])? = full.map { grad in
                { y in
                    var x = y
                    x.insert(v, at: index)
                    var gx = grad(x)
                    gx.remove(at: index)
                    return gx
                }
            }
            let r = Optimizer.maximize(f, gradient: g, start: others, gradientTolerance: 1e-6, maxIterations: full == nil ? 200 : 1000)
            warm = r.x
            return r.value
        }
        func bound(direction: Double) -> Double {
            var warm = mle.x
            warm.remove(at: index)
            let centre = mle.x[index]
            var inside = centre, step = 0.25
            var outside: Double? = nil
            var warmInside = warm
            while outside == nil {
                let v = centre + direction * step
                if abs(v) > 18 { return Logit.inverse(direction * 18) }
                var w = warmInside
                let value = profile(v, warm: &w)
                if value < target { outside = v } else { inside = v; warmInside = w }
                step *= 2
            }
            // Illinois (modified regula falsi) on g(v) = profile(v) − target, g(inside) ≥ 0 > g(outside).
            var a = inside, b = outside!
            var w0 = warmInside
            var ga = profile(a, warm: &w0) - target
            var wb = warmInside
            var gb = profile(b, warm: &wb) - target
            var side = 0
            for _ in 0..<60 where abs(b - a) > tolerance {
                var c = (a * gb - b * ga) / (gb - ga)
                if !c.isFinite || c <= min(a, b) || c >= max(a, b) { c = 0.5 * (a + b) }
                var w = warmInside
                let gc = profile(c, warm: &w) - target
                if gc >= 0 {
                    a = c; ga = gc; warmInside = w
                    if side == -1 { gb /= 2 }
                    side = -1
                } else {
                    b = c; gb = gc
                    if side == 1 { ga /= 2 }
                    side = 1
                }
                if abs(gc) < 1e-7 { a = c; b = c }
            }
            let lo = a, hi = b
            return Logit.inverse(0.5 * (lo + hi))
        }
        let a = bound(direction: -1), b = bound(direction: 1)
        return (min(a, b), max(a, b))
    }

    /// Pluto & Tasche's most prudent upper bound for a cohort without defaults: the PD at which
    /// seeing none has probability `1 − confidence`, at correlation `rho`. With ρ = 0 and n loan-years in
    /// all it is `1 − (1 − confidence)^(1/n)`.
    public func mostPrudentUpperBound(cohort c: Int, rho: Double, confidence: Double = 0.95) -> Double {
        let alpha = 1 - confidence
        var lo = 0.0, hi = 1.0
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if likelihood.probabilityOfNoDefaults(cohort: c, pd: mid, rho: rho) > alpha { lo = mid } else { hi = mid }
            if hi - lo < 1e-15 { break }
        }
        return 0.5 * (lo + hi)
    }
}
