import Foundation

/// The fit for many cohorts (docs/calibration.md): the likelihood's analytic score for BFGS, and a
/// conditional profile interval per cohort — the other cohorts and the year factors' quadrature held at
/// the MLE — that costs one pass over the years per evaluation instead of a maximisation over all the
/// others. With hundreds of cohorts one cohort barely moves the year factors, so the two agree closely
/// (`ManyCohortTests` measures it); below `exactProfileLimit` free cohorts the exact profile is used.
extension MixtureFit {
    /// Free cohorts up to which each interval is the exact profile (a maximisation over the others).
    public static let exactProfileLimit = 25

    /// The gradient of `logLikelihood` in the free coordinates: each cohort's analytic score through
    /// `t = Φ⁻¹(q)`, `q = logistic(x)`; ρ's by central differences. nil unless the panel has exact counts only.
    func analyticGradient() -> (([Double]) -> [Double])? {
        guard likelihood.hasExactCountsOnly else { return nil }
        return { x in
            let (pd, rho) = parameters(x)
            if rho >= 0.999 { return x.map { _ in 0 } }
            let (_, dT) = likelihood.logLikelihoodAndScore(pd: pd, rho: rho)
            var g = [Double](repeating: 0, count: x.count)
            for (i, c) in free.enumerated() {
                let q = pd[c], t = Normal.quantile(q)
                let dtdx = q * (1 - q) / max(Normal.density(t), 1e-300)
                g[i] = dT[c] * dtdx
            }
            if fixedRho == nil {
                let i = free.count, h = 1e-5
                var up = x, down = x
                up[i] += h
                down[i] -= h
                let fu = logLikelihood(up), fd = logLikelihood(down)
                g[i] = fu.isFinite && fd.isFinite ? (fu - fd) / (2 * h) : 0
            }
            return g
        }
    }

    /// Cohort c's 95% conditional profile interval (probability scale): the log-likelihood as a function
    /// of its PD alone, the others and the quadrature held at the MLE, dropping by χ²₁(0.95)/2.
    public func conditionalProfileInterval(_ mle: Estimate, cohort c: Int, years: [YearNodes]) -> (lower: Double, upper: Double) {
        let model = YearModel(pd: mle.pd, rho: mle.rho)
        func value(_ x: Double) -> Double {
            let t = Normal.quantile(Logit.inverse(x))
            var total = 0.0
            for (y, row) in likelihood.panel.cells.enumerated() {
                guard let cell = row[c], cell.defaults != nil, !years[y].z.isEmpty else { continue }
                total += years[y].logIntegral(replacingCohort: c) { k in model.logBinomials([cell], threshold: t, z: years[y].z[k]) }
            }
            return total
        }
        let centre = Logit.of(min(max(mle.pd[c], 1e-12), 1 - 1e-12))
        let target = value(centre) - Self.profileDrop
        func bound(_ direction: Double) -> Double {
            var inside = centre, step = 0.25
            var outside: Double?
            while outside == nil {
                let v = centre + direction * step
                if abs(v) > 18 { return Logit.inverse(direction * 18) }
                if value(v) < target { outside = v } else { inside = v }
                step *= 2
            }
            var a = inside, b = outside!
            var ga = value(a) - target, gb = value(b) - target
            var side = 0
            for _ in 0..<100 where abs(b - a) > 1e-7 {
                var m = (a * gb - b * ga) / (gb - ga)
                if !m.isFinite || m <= min(a, b) || m >= max(a, b) { m = 0.5 * (a + b) }
                let gm = value(m) - target
                if gm >= 0 {
                    (a, ga) = (m, gm)
                    if side == -1 { gb /= 2 }
                    side = -1
                } else {
                    (b, gb) = (m, gm)
                    if side == 1 { ga /= 2 }
                    side = 1
                }
            }
            return Logit.inverse(0.5 * (a + b))
        }
        let lo = bound(-1), hi = bound(1)
        return (min(lo, hi), max(lo, hi))
    }
}
