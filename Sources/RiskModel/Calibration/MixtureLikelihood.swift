import Foundation

/// The log-likelihood of a `DefaultPanel` under the one-factor Gaussian model: in a year with factor
/// `z`, a loan of a cohort with annual PD `q` defaults with `p(z) = Φ((Φ⁻¹(q) − √ρ z)/√(1−ρ))`.
///
/// Each year's factor is integrated out by adaptive Gauss–Hermite quadrature; the cumulative
/// observation by a forward pass over the distribution of the running total (truncated just above
/// its largest bound), with the year's exact counts in the same integral.
/// Binomial coefficients are included, so values are comparable across node counts and panels.
public struct MixtureLikelihood: Sendable {
    public let panel: DefaultPanel
    public let rule: GaussHermite
    /// `log C(n, d)` summed over the exactly observed cells.
    let logCombinations: Double

    public init(panel: DefaultPanel, nodes: Int) {
        self.panel = panel
        rule = GaussHermite(nodes: nodes)
        var s = 0.0
        for row in panel.cells {
            for case let cell? in row {
                if let d = cell.defaults { s += Self.logChoose(cell.loans, d) }
            }
        }
        logCombinations = s
    }

    static func logChoose(_ n: Int, _ k: Int) -> Double {
        LogNormalCDF.logGamma(Double(n + 1)) - LogNormalCDF.logGamma(Double(k + 1)) - LogNormalCDF.logGamma(Double(n - k + 1))
    }

    /// The log-likelihood at annual PDs `pd` (one per cohort, in [0, 1)) and asset correlation `rho`
    /// in [0, 1). A PD of exactly 0 means no defaults ever (−∞ if any were observed).
    public func logLikelihood(pd: [Double], rho: Double) -> Double {
        let model = YearModel(pd: pd, rho: rho)
        var total = logCombinations
        let chain = panel.cumulative
        var running: RunningTotal? = chain.map { RunningTotal(cap: ($0.bounds.map { max($0.lower, $0.upper ?? $0.lower) }.max() ?? 0) + 1) }
        for (y, row) in panel.cells.enumerated() {
            let inChain = chain.map { y >= $0.firstYear && y <= ($0.bounds.map(\.throughYear).max() ?? -1) } ?? false
            if inChain, var r = running, let chain {
                total += r.advance(row: row, chainCohorts: chain.cohorts, model: model, rule: rule)
                for b in chain.bounds where b.throughYear == y { r.restrict(lower: b.lower, upper: b.upper) }
                running = r
            } else {
                total += model.logYear(row, rule: rule)
            }
            if total == -.infinity { return total }
        }
        if let r = running { total += log(r.mass) + r.logScale }
        return total
    }

    /// The probability that cohort `c` has no defaults in any year of the panel, at PD `pd` and `rho`.
    /// Pluto & Tasche's most prudent bound at confidence γ is the PD where this equals 1 − γ.
    public func probabilityOfNoDefaults(cohort c: Int, pd: Double, rho: Double) -> Double {
        let model = YearModel(pd: [pd], rho: rho)
        var total = 0.0
        for row in panel.cells {
            guard let cell = row[c], cell.defaults != nil else { continue }
            total += model.logYear([DefaultPanel.Cell(loans: cell.loans, defaults: 0)], rule: rule)
        }
        return exp(total)
    }
}

/// One year's conditional PDs and the log-density of its exact counts as functions of the factor.
struct YearModel {
    let threshold: [Double]
    let a: Double
    let s: Double

    init(pd: [Double], rho: Double) {
        threshold = pd.map { $0 <= 0 ? -.infinity : Normal.quantile($0) }
        a = rho.squareRoot()
        s = (1 - rho).squareRoot()
    }

    /// `Σ_c [d log p_c(z) + (n−d) log(1−p_c(z))]` over the exact cells (no binomial coefficient).
    func logBinomials(_ row: [DefaultPanel.Cell?], z: Double) -> Double {
        var h = 0.0
        for (c, cell) in row.enumerated() {
            guard let cell, let d = cell.defaults else { continue }
            let t = threshold[c]
            if t == -.infinity {
                if d > 0 { return -.infinity }
                continue
            }
            let u = (t - a * z) / s
            if d > 0 { h += Double(d) * LogNormalCDF.logPhi(u) }
            if cell.loans > d { h += Double(cell.loans - d) * LogNormalCDF.logPhi(-u) }
        }
        return h
    }

    /// The mode of `−z²/2 + logBinomials(z)` and the scale `1/√(−h'')` there (Newton; h is concave).
    func mode(_ row: [DefaultPanel.Cell?]) -> (mode: Double, scale: Double) {
        if a == 0 { return (0, 1) }
        var z = 0.0
        var curvature = -1.0
        for _ in 0..<60 {
            var g = -z, h2 = -1.0
            let k = a / s
            for (c, cell) in row.enumerated() {
                guard let cell, let d = cell.defaults, threshold[c] > -.infinity else { continue }
                let u = (threshold[c] - a * z) / s
                let lu = LogNormalCDF.millsRatio(u), lm = LogNormalCDF.millsRatio(-u)
                g += k * (-Double(d) * lu + Double(cell.loans - d) * lm)
                h2 -= k * k * (Double(d) * lu * (u + lu) + Double(cell.loans - d) * lm * (-u + lm))
            }
            curvature = h2
            var step = -g / h2
            if step > 2 { step = 2 } else if step < -2 { step = -2 }
            z += step
            if abs(step) < 1e-12 { break }
        }
        return (z, 1 / (-curvature).squareRoot())
    }

    /// `log ∫ φ(z) Π_c Bin(d_c; n_c, p_c(z)) dz` without binomial coefficients.
    func logYear(_ row: [DefaultPanel.Cell?], rule: GaussHermite) -> Double {
        guard row.contains(where: { $0?.defaults != nil }) else { return 0 }
        let (mu, sigma) = mode(row)
        return rule.adaptiveLogIntegral(mode: mu, scale: sigma) { z in
            -0.5 * z * z - 0.9189385332046728 + logBinomials(row, z: z)
        }
    }

    /// `P(D = k | z)` for k < cap and the tail `P(D ≥ cap | z)` in the last slot.
    func countDistribution(loans n: Int, cohort c: Int, z: Double, cap: Int) -> [Double] {
        var out = [Double](repeating: 0, count: cap + 1)
        let t = threshold[c]
        if t == -.infinity || n == 0 {
            out[0] = 1
            return out
        }
        let u = (t - a * z) / s
        let lp = LogNormalCDF.logPhi(u), lq = LogNormalCDF.logPhi(-u)
        // pmf(0) = q^n, then pmf(k+1) = pmf(k)·(n−k)/(k+1)·p/q: multiplications only, unless q^n
        // underflows, when the terms are carried in logs.
        var below = 0.0
        let last = min(cap, n + 1)
        if Double(n) * lq > -700 {
            let r = exp(lp - lq)
            var v = exp(Double(n) * lq)
            for k in 0..<last {
                out[k] = v
                below += v
                v *= Double(n - k) / Double(k + 1) * r
            }
        } else {
            var logV = Double(n) * lq
            for k in 0..<last {
                let v = exp(logV)
                out[k] = v
                below += v
                logV += log(Double(n - k) / Double(k + 1)) + lp - lq
            }
        }
        out[cap] = max(0, 1 - below)
        return out
    }
}

/// The distribution of a running default count over `0..<cap` and `≥ cap` (last slot), scaled by
/// `exp(logScale)` so that long products do not underflow.
struct RunningTotal {
    let cap: Int
    var dist: [Double]
    var logScale = 0.0

    init(cap: Int) {
        self.cap = cap
        dist = [Double](repeating: 0, count: cap + 1)
        dist[0] = 1
    }

    var mass: Double { dist.reduce(0, +) }

    /// Adds one year: exact cells contribute their likelihood, the chain's unobserved cells their
    /// counts (convolved in), and the chain's exact cells shift the total. Returns nothing to add to the
    /// log-likelihood: everything stays in `dist` and `logScale`.
    mutating func advance(row: [DefaultPanel.Cell?], chainCohorts: [Bool], model: YearModel, rule: GaussHermite) -> Double {
        let (mu, sigma) = model.mode(row)
        var fixedShift = 0
        var random: [(Int, Int)] = []
        for (c, cell) in row.enumerated() {
            guard let cell, chainCohorts[c] else { continue }
            if let d = cell.defaults { fixedShift += d } else { random.append((c, cell.loans)) }
        }
        // The year's count distribution mixed over the nodes (weights include the exact cells'
        // likelihood), then one convolution with the running total: convolution is linear.
        var logTerms = [Double](repeating: 0, count: rule.count)
        for i in rule.nodes.indices {
            let z = mu + sigma * rule.nodes[i]
            logTerms[i] = rule.logPlainWeights[i] + log(sigma) - 0.5 * z * z - 0.9189385332046728 + model.logBinomials(row, z: z)
        }
        let top = logTerms.max() ?? -.infinity
        var mixed = [Double](repeating: 0, count: cap + 1)
        if top > -.infinity {
            for i in logTerms.indices {
                let w = exp(logTerms[i] - top)
                if w < 1e-300 { continue }
                let z = mu + sigma * rule.nodes[i]
                if random.count == 1 && fixedShift == 0 {
                    let d = model.countDistribution(loans: random[0].1, cohort: random[0].0, z: z, cap: cap)
                    for k in 0...cap { mixed[k] += w * d[k] }
                    continue
                }
                var d = [Double](repeating: 0, count: cap + 1)
                d[min(fixedShift, cap)] = 1
                for (c, n) in random { d = Self.convolve(d, model.countDistribution(loans: n, cohort: c, z: z, cap: cap), cap: cap) }
                for k in 0...cap { mixed[k] += w * d[k] }
            }
        }
        let next = Self.convolve(dist, mixed, cap: cap)
        dist = next
        logScale += top
        let m = mass
        if m > 0 {
            for k in 0...cap { dist[k] /= m }
            logScale += log(m)
        } else {
            logScale = -.infinity
        }
        return 0
    }

    /// Keeps only totals in `lower...upper`.
    mutating func restrict(lower: Int, upper: Int?) {
        for k in 0...cap where k < lower || (upper.map { k > $0 } ?? false) { dist[k] = 0 }
    }

    static func convolve(_ x: [Double], _ y: [Double], cap: Int) -> [Double] {
        var out = [Double](repeating: 0, count: cap + 1)
        // tail[j] = y[j] + … + y[cap]: what pushes a total of i past the cap lands in the last slot.
        var tail = [Double](repeating: 0, count: cap + 2)
        for j in stride(from: cap, through: 0, by: -1) { tail[j] = tail[j + 1] + y[j] }
        // On raw buffers the inner loop has no bounds checks and runs in vector lanes over j; each out[k]
        // still receives its terms in the order of i, so the sums are the same numbers bit for bit.
        out.withUnsafeMutableBufferPointer { o in
            x.withUnsafeBufferPointer { xs in
                y.withUnsafeBufferPointer { ys in
                    for i in 0...cap where xs[i] != 0 {
                        let xi = xs[i]
                        if i < cap { Self.addScaled(xi, ys.baseAddress!, into: o.baseAddress! + i, count: cap - i) }
                        o[cap] += xi * tail[cap - i]
                    }
                }
            }
        }
        return out
    }

    /// `out[j] += a · y[j]` for j < count: a multiply then an add per element (no fused multiply-add), as
    /// the scalar loop computes it.
    @inline(__always)
    static func addScaled(_ a: Double, _ y: UnsafePointer<Double>, into out: UnsafeMutablePointer<Double>, count: Int) {
        for j in 0..<count { out[j] += a * y[j] }
    }
}
