import Foundation

/// The fit for many cohorts (docs/calibration.md): the likelihood's analytic score for BFGS, and a
/// profile interval per cohort that costs one pass over the years per evaluation instead of a
/// maximisation over all the others: the conditional profile (the other cohorts and the year factors'
/// quadrature held at the MLE), its distances from the MLE stretched by `√(I⁻¹_cc · I_cc)` from the
/// observed information I — what re-maximising the others adds, above all the level of the year factors
/// that every cohort shares (a quadratic correction; `ManyCohortCalibrationTests` measures it against the
/// exact profile). Below `exactProfileLimit` free cohorts the exact profile is used.
extension MixtureFit {
    /// Free cohorts up to which each interval is the exact profile (a maximisation over the others).
    public static let exactProfileLimit = 25
    /// The same for panels with a cumulative bound, whose every evaluation convolves count distributions
    /// (a profile point costs a BFGS of 2(C+1) evaluations a gradient): above it, the conditional route.
    public static let chainExactProfileLimit = 3

    /// Whether each cohort's interval takes the conditional route (stretched conditional profile).
    public var usesConditionalProfiles: Bool {
        free.count > (likelihood.hasExactCountsOnly ? Self.exactProfileLimit : Self.chainExactProfileLimit)
    }

    /// The gradient of `logLikelihood` in the free coordinates: each cohort's analytic score through
    /// `t = Φ⁻¹(q)`, `q = logistic(x)`; ρ's by central differences. nil unless the panel has exact counts only.
    func analyticGradient() -> (([Double]) -> [Double])? {
        guard likelihood.hasExactCountsOnly else { return nil }
        return { x in
            let (pd, rho) = parameters(x)
            if rho >= 0.999 { return x.map { _ in 0 } }
            let (_, dT) = likelihood.logLikelihoodAndScore(pd: pd, rho: rho)
            var g = freeScore(pd: pd, dThreshold: dT)
            if fixedRho == nil {
                let i = free.count, h = 1e-5
                var up = x, down = x
                up[i] += h
                down[i] -= h
                let fu = logLikelihood(up), fd = logLikelihood(down)
                g.append(fu.isFinite && fd.isFinite ? (fu - fd) / (2 * h) : 0)
            }
            return g
        }
    }

    /// Cohort c's 95% conditional profile interval (probability scale): the log-likelihood as a function
    /// of its PD alone, the others and the quadrature held at the MLE, dropping by χ²₁(0.95)/2. With a
    /// cumulative bound (no `years`) each value is the whole likelihood with cohort c's PD replaced.
    public func conditionalProfileInterval(_ mle: Estimate, cohort c: Int, years: [YearNodes], stretch: Double = 1) -> (lower: Double, upper: Double) {
        let model = YearModel(pd: mle.pd, rho: mle.rho)
        let chained = !likelihood.hasExactCountsOnly
        func value(_ x: Double) -> Double {
            if chained {
                var pd = mle.pd
                pd[c] = Logit.inverse(x)
                return likelihood.logLikelihood(pd: pd, rho: mle.rho)
            }
            let t = Normal.quantile(Logit.inverse(x))
            var total = 0.0
            for (y, row) in likelihood.panel.cells.enumerated() {
                guard let cell = row[c], cell.defaults != nil, !years[y].z.isEmpty else { continue }
                total += years[y].logIntegral(replacingCohort: c) { k in model.logBinomials([cell], threshold: t, z: years[y].z[k]) }
            }
            return total
        }
        return Self.stretchedDropInterval(centre: Logit.of(min(max(mle.pd[c], 1e-12), 1 - 1e-12)), stretch: stretch, value: value)
    }

    /// ρ's 95% conditional profile interval with a cumulative bound (the PDs held at the MLE), stretched
    /// by `√(I⁻¹_ρρ · I_ρρ)`: the chained likelihood has no score for the Newton re-fits of
    /// `rhoProfileInterval`, and the exact profile re-fits every PD by BFGS at each ρ tried. nil when ρ is fixed.
    public func conditionalRhoInterval(_ mle: Estimate, stretch: Double) -> (lower: Double, upper: Double)? {
        guard fixedRho == nil else { return nil }
        let i = free.count
        return Self.stretchedDropInterval(centre: mle.x[i], stretch: stretch) { x in
            var y = mle.x
            y[i] = x
            return logLikelihood(y)
        }
    }

    /// Where `value` (a function of one logit coordinate, highest at `centre`) drops by χ²₁(0.95)/2 on
    /// either side, found by bracketing and the Illinois method to 1e-7; the ends' distances from the
    /// centre stretched by `stretch`, on the probability scale (logit ±18 at most).
    static func stretchedDropInterval(centre: Double, stretch: Double, value: (Double) -> Double) -> (lower: Double, upper: Double) {
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
        // The ends' distances from the MLE in logit units, stretched.
        func stretched(_ p: Double) -> Double {
            let x = Logit.of(min(max(p, 1e-300), 1 - 1e-16))
            return Logit.inverse(max(-18, min(18, centre + (x - centre) * stretch)))
        }
        let lo = stretched(bound(-1)), hi = stretched(bound(1))
        return (min(lo, hi), max(lo, hi))
    }

    /// The score in the free cohorts' logit coordinates from the score in their thresholds:
    /// `∂t/∂x = q(1 − q)/φ(t)` for `q = logistic(x)`, `t = Φ⁻¹(q)`.
    func freeScore(pd: [Double], dThreshold dT: [Double]) -> [Double] {
        free.map { c in
            let q = pd[c], t = Normal.quantile(q)
            return dT[c] * q * (1 - q) / max(Normal.density(t), 1e-300)
        }
    }

    /// For each free coordinate, `√(I⁻¹_ii · I_ii)` (≥ 1): how much wider its profile interval is than its
    /// conditional one, to second order. I is the observed information at the MLE (central differences
    /// of the analytic score). nil when I is not positive definite.
    public func profileStretch(_ mle: Estimate) -> [Double]? { observedInformation(mle).flatMap(Self.stretch) }

    /// `√(I⁻¹_ii · I_ii)` (≥ 1) for each coordinate of an information matrix; nil when it is not positive definite.
    public static func stretch(information info: [[Double]]) -> [Double]? {
        guard let inverse = SmallMatrix.inverse(info) else { return nil }
        return (0..<info.count).map { max(1, (inverse[$0][$0] * info[$0][$0]).squareRoot()) }
    }

    /// The observed information (minus the Hessian of the log-likelihood) in the free coordinates at the
    /// MLE, by central differences of the analytic score, symmetrised; with a cumulative bound (no
    /// analytic score), by central second differences of the log-likelihood.
    public func observedInformation(_ mle: Estimate) -> [[Double]]? {
        guard let gradient = analyticGradient() else { return numericalInformation(mle) }
        let n = mle.x.count, h = 1e-4
        var info = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for j in 0..<n {
            var up = mle.x, down = mle.x
            up[j] += h
            down[j] -= h
            let gu = gradient(up), gd = gradient(down)
            for i in 0..<n { info[i][j] = -(gu[i] - gd[i]) / (2 * h) }
        }
        for i in 0..<n { for j in 0..<i { let m = 0.5 * (info[i][j] + info[j][i]); (info[i][j], info[j][i]) = (m, m) } }
        return info
    }

    /// Minus the Hessian of the log-likelihood at the MLE from its values at `x ± h e_i ± h e_j`, h = 1e-3
    /// in logit units (truncation error of order h², rounding of order ε|f|/h²: both far below the
    /// information's size). nil when a value is not finite.
    func numericalInformation(_ mle: Estimate) -> [[Double]]? {
        let n = mle.x.count, h = 1e-3, f0 = mle.logLikelihood
        func f(_ moves: [(Int, Double)]) -> Double {
            var x = mle.x
            for (i, d) in moves { x[i] += d }
            return logLikelihood(x)
        }
        var info = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            let up = f([(i, h)]), down = f([(i, -h)])
            info[i][i] = -(up - 2 * f0 + down) / (h * h)
            for j in 0..<i {
                let pp = f([(i, h), (j, h)]), pm = f([(i, h), (j, -h)]), mp = f([(i, -h), (j, h)]), mm = f([(i, -h), (j, -h)])
                info[i][j] = -(pp - pm - mp + mm) / (4 * h * h)
                info[j][i] = info[i][j]
            }
        }
        return info.allSatisfy { $0.allSatisfy(\.isFinite) } ? info : nil
    }

    /// ρ's exact profile interval for many cohorts: at each ρ the PDs are re-fitted by Newton steps with
    /// the PD block of the information at the MLE as a fixed Hessian (each step one score), warm-started
    /// from the last ρ tried; the ends found by bisection to 1e-5 in logit units. nil without the score.
    public func rhoProfileInterval(_ mle: Estimate, information info: [[Double]]) -> (lower: Double, upper: Double)? {
        guard fixedRho == nil, likelihood.hasExactCountsOnly else { return nil }
        let p = free.count
        guard let pdInverse = SmallMatrix.inverse(Array(info.prefix(p).map { Array($0.prefix(p)) })) else { return nil }
        var warm = Array(mle.x.prefix(p))
        let gradient = analyticGradient()
        func profile(_ rx: Double) -> Double {
            var y = warm
            var value = -Double.infinity
            var converged = false
            for _ in 0..<30 {
                let (pd, rho) = parameters(y + [rx])
                let (v, dT) = likelihood.logLikelihoodAndScore(pd: pd, rho: rho)
                value = v
                guard v.isFinite else { break }
                let g = freeScore(pd: pd, dThreshold: dT)
                var biggest = 0.0
                for i in 0..<p {
                    var s = 0.0
                    for j in 0..<p { s += pdInverse[i][j] * g[j] }
                    y[i] += s
                    biggest = max(biggest, abs(s))
                }
                if biggest < 1e-7 { converged = true; break }
            }
            if !converged {
                // Far from the MLE the fixed Hessian no longer fits: finish with BFGS on the score.
                let f: ([Double]) -> Double = { logLikelihood($0 + [rx]) }
                let g: (([Double]) -> [Double])? = gradient.map { grad in { Array(grad($0 + [rx]).prefix(p)) } }
                let start = logLikelihood(y + [rx]).isFinite ? y : warm
                y = Optimizer.maximize(f, gradient: g, start: start, gradientTolerance: 1e-6, maxIterations: 1000).x
            }
            let final = logLikelihood(y + [rx])
            if final.isFinite { warm = y }
            return final.isFinite ? final : value
        }
        let centre = mle.x[p], target = mle.logLikelihood - Self.profileDrop
        func bound(_ direction: Double) -> Double {
            warm = Array(mle.x.prefix(p))
            var inside = centre, step = 0.25
            var outside: Double?
            while outside == nil {
                let v = centre + direction * step
                if abs(v) > 18 || Logit.inverse(v) >= 0.999 { return Logit.inverse(min(v, Logit.of(0.999))) }
                if profile(v) < target { outside = v } else { inside = v }
                step *= 2
            }
            var a = inside, b = outside!
            while abs(b - a) > 1e-5 {
                let m = 0.5 * (a + b)
                if profile(m) >= target { a = m } else { b = m }
            }
            return Logit.inverse(0.5 * (a + b))
        }
        let lo = bound(-1), hi = bound(1)
        return (min(lo, hi), max(lo, hi))
    }
}
