import Foundation

/// The posterior for many cohorts (docs/calibration.md): a Gibbs sampler with the year factors as latent
/// variables, on a panel of exact yearly counts. Given the factors `z_y` the cohorts' thresholds
/// `t_c = Φ⁻¹(PD_c)` are independent, and given the thresholds the years are; each is a one-dimensional
/// slice-sampling update (Neal 2003), so a sweep costs O(cohorts × years), where random-walk
/// Metropolis over hundreds of PDs would not mix. A joint move along the likelihood's ridge — every
/// `z_y` by δ and every `t_c` by √ρ·δ leaves each `(t_c − √ρ z_y)` unchanged — is accepted on the priors
/// alone and keeps the overall level mixing. With ρ free a second ridge holds the scale: every `z_y`
/// times λ, `√(ρ/(1−ρ))` divided by λ and `t_c/√(1−ρ)` kept (the likelihood again unchanged; Jacobian
/// `λ^Y (s'/s)^C`, where s = √(1−ρ)); without it ρ, pinned by the factors and they by ρ, would hardly
/// move. The target is the same posterior as `MixturePosterior`'s
/// (Beta priors on each PD and on ρ, the factors integrated out by sampling them).
public struct MixtureGibbs: Sendable {
    public let panel: DefaultPanel
    public let pdPriors: [BetaPrior]
    public let rhoPrior: BetaPrior
    public let fixedRho: Double?

    public init(panel: DefaultPanel, pdPriors: [BetaPrior], rhoPrior: BetaPrior, fixedRho: Double?) {
        precondition(panel.cumulative == nil, "the Gibbs sampler needs exact yearly counts")
        (self.panel, self.pdPriors, self.rhoPrior, self.fixedRho) = (panel, pdPriors, rhoPrior, fixedRho)
    }

    /// `d log Φ(u) + (n − d) log Φ(−u)` summed over one cohort's years (or one year's cohorts).
    @inline(__always) static func cell(_ n: Int, _ d: Int, _ u: Double, _ logPhi: LogPhiTable) -> Double {
        (d > 0 ? Double(d) * logPhi(u) : 0) + (n > d ? Double(n - d) * logPhi(-u) : 0)
    }

    /// The log prior density of threshold t under Beta(a, b) on PD = Φ(t), Jacobian φ(t) included.
    @inline(__always) static func logPrior(_ t: Double, _ p: BetaPrior, _ logPhi: LogPhiTable) -> Double {
        (p.a - 1) * logPhi(t) + (p.b - 1) * logPhi(-t) - 0.5 * t * t
    }

    public func sample(draws: Int, thin: Int, burnIn: Int, startPD: [Double], startRho: Double, stream: borrowing RandomStream) -> MixturePosterior.Draws {
        let rng = stream.ref, logPhi = LogPhiTable.shared
        let C = panel.cohortCount
        // Exact cells by year and by cohort: (index, loans, defaults).
        let years: [[(c: Int, n: Int, d: Int)]] = panel.cells.map { row in
            row.enumerated().compactMap { c, cell in cell.flatMap { x in x.defaults.map { (c, x.loans, $0) } } }
        }.filter { !$0.isEmpty }
        var byCohort = [[(y: Int, n: Int, d: Int)]](repeating: [], count: C)
        for (y, row) in years.enumerated() { for e in row { byCohort[e.c].append((y, e.n, e.d)) } }
        var t = startPD.map { Normal.quantile(min(max($0, 1e-5), 0.5)) }
        var rho = fixedRho ?? min(max(startRho, 0.01), 0.5)
        var z = [Double](repeating: 0, count: years.count)

        /// One slice-sampling update of x under log-density f (stepping out by w, then shrinking).
        func slice(_ x0: Double, width w: Double, _ f: (Double) -> Double) -> Double {
            let f0 = f(x0)
            let level = f0 + log(rng.uniformPositive())
            var lo = x0 - w * rng.uniform(), hi = lo + w
            var steps = 0
            while steps < 40 && f(lo) > level { lo -= w; steps += 1 }
            steps = 0
            while steps < 40 && f(hi) > level { hi += w; steps += 1 }
            for _ in 0..<100 {
                let x = lo + (hi - lo) * rng.uniform()
                if f(x) > level { return x }
                if x < x0 { lo = x } else { hi = x }
            }
            return x0
        }
        var ridgeAccepted = 0, ridgeTried = 0
        /// The level ridge: z + δ, t + √ρ δ; the likelihood is unchanged, the priors decide.
        func levelMove() {
            let a = rho.squareRoot()
            let delta = rng.normal() / Double(max(1, years.count)).squareRoot()
            var change = 0.0
            for y in z.indices { change += -0.5 * (z[y] + delta) * (z[y] + delta) + 0.5 * z[y] * z[y] }
            for c in 0..<C { change += Self.logPrior(t[c] + a * delta, pdPriors[c], logPhi) - Self.logPrior(t[c], pdPriors[c], logPhi) }
            ridgeTried += 1
            if log(rng.uniformPositive()) < change {
                for y in z.indices { z[y] += delta }
                for c in 0..<C { t[c] += a * delta }
                ridgeAccepted += 1
            }
        }
        /// The scale ridge: z·λ, β = √(ρ/(1−ρ)) / λ, t/√(1−ρ) kept.
        func scaleMove() {
            let logLambda = 0.25 * rng.normal(), lambda = exp(logLambda)
            let beta = (rho / (1 - rho)).squareRoot() / lambda
            let rho2 = beta * beta / (1 + beta * beta)
            guard rho2 > 1e-6 && rho2 < 0.999 else { return }
            let ratio = ((1 - rho2) / (1 - rho)).squareRoot()   // s'/s
            var change = Double(z.count) * logLambda + Double(C) * log(ratio)
            for y in z.indices { change += -0.5 * (lambda * z[y]) * (lambda * z[y]) + 0.5 * z[y] * z[y] }
            for c in 0..<C { change += Self.logPrior(t[c] * ratio, pdPriors[c], logPhi) - Self.logPrior(t[c], pdPriors[c], logPhi) }
            change += rhoPrior.a * log(rho2 / rho) + rhoPrior.b * log((1 - rho2) / (1 - rho))
            if log(rng.uniformPositive()) < change {
                for y in z.indices { z[y] *= lambda }
                for c in 0..<C { t[c] *= ratio }
                rho = rho2
            }
        }
        func sweep() {
            let a = rho.squareRoot(), s = (1 - rho).squareRoot()
            for y in years.indices {
                z[y] = slice(z[y], width: 0.5) { zy in
                    var h = -0.5 * zy * zy
                    for e in years[y] { h += Self.cell(e.n, e.d, (t[e.c] - a * zy) / s, logPhi) }
                    return h
                }
            }
            // A cohort without counts has only its prior to go by: drawn from it all the same.
            for c in 0..<C {
                t[c] = slice(t[c], width: byCohort[c].isEmpty ? 1 : 0.3) { tc in
                    var h = Self.logPrior(tc, pdPriors[c], logPhi)
                    for e in byCohort[c] { h += Self.cell(e.n, e.d, (tc - a * z[e.y]) / s, logPhi) }
                    return h
                }
            }
            for _ in 0..<5 {
                levelMove()
                if fixedRho == nil { scaleMove() }
            }
            if fixedRho == nil {
                let x = slice(Logit.of(rho), width: 0.5) { lr in
                    let r = Logit.inverse(lr)
                    guard r > 1e-6 && r < 0.999 else { return -.infinity }
                    let ar = r.squareRoot(), sr = (1 - r).squareRoot()
                    var h = (rhoPrior.a) * log(r) + (rhoPrior.b) * log(1 - r)   // Beta density × Jacobian r(1 − r)
                    for (y, row) in years.enumerated() { for e in row { h += Self.cell(e.n, e.d, (t[e.c] - ar * z[y]) / sr, logPhi) } }
                    return h
                }
                rho = Logit.inverse(x)
            }
        }
        for _ in 0..<burnIn { sweep() }
        var pd = [[Double]](repeating: [], count: C), rhoDraws: [Double] = []
        var trace = [[Double]](repeating: [], count: C + (fixedRho == nil ? 1 : 0))
        for _ in 0..<draws {
            for _ in 0..<thin { sweep() }
            for c in 0..<C {
                let q = Normal.cdf(t[c])
                pd[c].append(q)
                trace[c].append(Logit.of(min(max(q, 1e-300), 1 - 1e-16)))
            }
            rhoDraws.append(rho)
            if fixedRho == nil { trace[C].append(Logit.of(rho)) }
        }
        var out = MixturePosterior.Draws(pd: pd, rho: rhoDraws, acceptanceRate: Double(ridgeAccepted) / Double(max(1, ridgeTried)),
                                         effectiveSampleSize: trace.map(MixturePosterior.batchMeansESS))
        out.method = "Gibbs sampling with the year factors as latent variables (slice-sampled), a ridge move on the level; every \(thin) of \(draws * thin) sweeps after \(burnIn)"
        return out
    }
}
