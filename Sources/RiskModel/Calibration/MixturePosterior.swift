import Foundation

/// Draws from the posterior of the one-factor binomial mixture under Beta priors on each cohort's PD
/// and on ρ (Tasche's Bayesian PD estimation; ρ fixed when the data cannot identify it).
///
/// Random-walk Metropolis in logit coordinates (the Jacobian included), the proposal shaped by the
/// inverse Hessian of the log posterior at its mode and scaled during burn-in towards an acceptance
/// rate of about 0.3; then `draws × thin` iterations kept every `thin`-th. Random numbers from one
/// GSL stream: the same seed gives the same draws.
public struct MixturePosterior: Sendable {
    public struct Draws: Sendable {
        /// `pd[c][k]`: cohort c's PD in draw k.
        public var pd: [[Double]]
        /// ρ in draw k (all equal when fixed).
        public var rho: [Double]
        public var acceptanceRate: Double
        /// Effective sample size per parameter (batch means), cohorts then ρ.
        public var effectiveSampleSize: [Double]
        /// How they were drawn.
        public var method = "random-walk Metropolis in logit coordinates, proposal from the inverse Hessian at the mode"

        public init(pd: [[Double]], rho: [Double], acceptanceRate: Double, effectiveSampleSize: [Double],
                    method: String = "random-walk Metropolis in logit coordinates, proposal from the inverse Hessian at the mode") {
            self.pd = pd
            self.rho = rho
            self.acceptanceRate = acceptanceRate
            self.effectiveSampleSize = effectiveSampleSize
            self.method = method
        }
    }

    public let likelihood: MixtureLikelihood
    public let pdPriors: [BetaPrior]
    public let rhoPrior: BetaPrior
    public let fixedRho: Double?

    public init(likelihood: MixtureLikelihood, pdPriors: [BetaPrior], rhoPrior: BetaPrior, fixedRho: Double?) {
        self.likelihood = likelihood
        self.pdPriors = pdPriors
        self.rhoPrior = rhoPrior
        self.fixedRho = fixedRho
    }

    var dimension: Int { pdPriors.count + (fixedRho == nil ? 1 : 0) }

    func split(_ x: [Double]) -> ([Double], Double) {
        let pd = (0..<pdPriors.count).map { Logit.inverse(x[$0]) }
        return (pd, fixedRho ?? Logit.inverse(x[pdPriors.count]))
    }

    /// Log posterior density of the logit coordinates (up to a constant).
    public func logPosterior(_ x: [Double]) -> Double {
        let (pd, rho) = split(x)
        if rho >= 0.999 || pd.contains(where: { $0 <= 0 || $0 >= 1 }) { return -.infinity }
        var lp = 0.0
        for c in pd.indices { lp += pdPriors[c].logDensity(pd[c]) + Logit.logJacobian(x[c]) }
        if fixedRho == nil { lp += rhoPrior.logDensity(rho) + Logit.logJacobian(x[pdPriors.count]) }
        if lp == -.infinity { return lp }
        return lp + likelihood.logLikelihood(pd: pd, rho: rho)
    }

    /// `draws` posterior draws, starting from `startPD`/`startRho`.
    public func sample(draws: Int, thin: Int = 10, burnIn: Int = 3000, startPD: [Double], startRho: Double, stream: borrowing RandomStream) -> Draws {
        let rng = stream.ref
        var x = startPD.map { Logit.of(min(max($0, 1e-5), 0.5)) }
        if fixedRho == nil { x.append(Logit.of(min(max(startRho, 0.01), 0.5))) }
        let mode = Optimizer.maximize(logPosterior, start: x, gradientTolerance: 1e-6, maxIterations: 300)
        if dimension == 1 { return gridSample(draws: draws, mode: mode.x[0], stream: stream) }
        x = mode.x
        let d = dimension
        let negH = Optimizer.hessian(logPosterior, x).map { $0.map { -$0 } }
        var chol = SmallMatrix.inverse(negH).flatMap(SmallMatrix.cholesky)
            ?? (0..<d).map { i in (0..<d).map { $0 == i ? 0.5 : 0 } }
        var scale = 2.38 / Double(d).squareRoot()
        var fx = mode.value
        var accepted = 0
        func propose() -> [Double] {
            let e = (0..<d).map { _ in rng.normal() }
            var y = x
            for i in 0..<d {
                var s = 0.0
                for k in 0...i { s += chol[i][k] * e[k] }
                y[i] += scale * s
            }
            return y
        }
        func step() -> Bool {
            let y = propose()
            let fy = logPosterior(y)
            if fy.isFinite && log(rng.uniformPositive()) < fy - fx {
                x = y
                fx = fy
                return true
            }
            return false
        }
        // Burn-in in rounds of 200, adjusting the scale towards ~30% acceptance.
        for _ in 0..<max(1, burnIn / 200) {
            var acc = 0
            for _ in 0..<200 where step() { acc += 1 }
            let rate = Double(acc) / 200
            scale *= exp(rate - 0.3)
        }
        if chol.isEmpty { chol = [[1]] }
        var pd = [[Double]](repeating: [], count: pdPriors.count)
        var rho: [Double] = []
        var trace = [[Double]](repeating: [], count: d)
        for _ in 0..<draws {
            for _ in 0..<thin where step() { accepted += 1 }
            let (p, r) = split(x)
            for c in p.indices { pd[c].append(p[c]) }
            rho.append(r)
            for i in 0..<d { trace[i].append(x[i]) }
        }
        return Draws(pd: pd, rho: rho, acceptanceRate: Double(accepted) / Double(draws * thin),
                     effectiveSampleSize: trace.map(Self.batchMeansESS))
    }

    /// One parameter: the posterior times `exp(logWeight(logit PD))`, tabulated and sampled as below, from
    /// the same mode search as `sample` (so that a weight of 0 everywhere gives `sample`'s draws).
    public func weightedGridSample(draws: Int, startPD: [Double], startRho: Double, stream: borrowing RandomStream,
                                   logWeight: @escaping (Double) -> Double) -> Draws {
        precondition(dimension == 1, "the weighted grid needs exactly one free parameter")
        var x = startPD.map { Logit.of(min(max($0, 1e-5), 0.5)) }
        if fixedRho == nil { x.append(Logit.of(min(max(startRho, 0.01), 0.5))) }
        let mode = Optimizer.maximize(logPosterior, start: x, gradientTolerance: 1e-6, maxIterations: 300)
        return gridSample(draws: draws, mode: mode.x[0], stream: stream, logWeight: logWeight)
    }

    /// One parameter: the posterior tabulated on a grid of logit values (where it is within e^-30 of its
    /// mode) and sampled exactly by inverting the piecewise-linear CDF; draws are independent.
    /// `logWeight` multiplies the density by `exp(logWeight(x))` at logit value `x` (a record's probability,
    /// `RecordConditioning`); the grid's reach is the unweighted posterior's, so a weight of 0 everywhere
    /// gives the unweighted draws bit for bit.
    func gridSample(draws: Int, mode: Double, stream: borrowing RandomStream, logWeight: ((Double) -> Double)? = nil) -> Draws {
        let top = logPosterior([mode])
        func reach(_ direction: Double) -> Double {
            var v = mode, step = 0.5
            while abs(v - mode) < 40 {
                v += direction * step
                if !(logPosterior([v]) > top - 30) { break }
                step *= 1.5
            }
            return v
        }
        let lo = reach(-1), hi = reach(1)
        let n = 800
        let grid = (0...n).map { lo + (hi - lo) * Double($0) / Double(n) }
        let density = grid.map { v -> Double in
            let f = logPosterior([v]) + (logWeight?(v) ?? 0)
            return f.isFinite ? exp(f - top) : 0
        }
        var cdf = [Double](repeating: 0, count: n + 1)
        for i in 1...n { cdf[i] = cdf[i - 1] + 0.5 * (density[i - 1] + density[i]) }
        let total = cdf[n]
        guard total > 0 else { return Draws(pd: [[]], rho: [], acceptanceRate: 0, effectiveSampleSize: [0], method: "the weighted posterior has no mass") }
        let rng = stream.ref
        var pd: [Double] = []
        pd.reserveCapacity(draws)
        for _ in 0..<draws {
            let u = rng.uniformPositive() * total
            var a = 0, b = n
            while b - a > 1 {
                let mid = (a + b) / 2
                if cdf[mid] < u { a = mid } else { b = mid }
            }
            let f = cdf[b] > cdf[a] ? (u - cdf[a]) / (cdf[b] - cdf[a]) : 0.5
            pd.append(Logit.inverse(grid[a] + f * (grid[b] - grid[a])))
        }
        let (_, rho) = split([mode])
        return Draws(pd: [pd], rho: Array(repeating: rho, count: draws), acceptanceRate: 1, effectiveSampleSize: [Double(draws)],
                     method: "one parameter: the posterior tabulated on \(n + 1) logit points and sampled exactly (independent draws)")
    }

    /// Effective sample size by batch means (√n batches).
    static func batchMeansESS(_ x: [Double]) -> Double {
        let n = x.count
        let b = max(1, Int(Double(n).squareRoot()))
        let batches = n / b
        guard batches > 1 else { return Double(n) }
        let mean = x.reduce(0, +) / Double(n)
        var varX = 0.0
        for v in x { varX += (v - mean) * (v - mean) }
        varX /= Double(n - 1)
        var varB = 0.0
        for k in 0..<batches {
            let m = x[(k * b)..<((k + 1) * b)].reduce(0, +) / Double(b)
            varB += (m - mean) * (m - mean)
        }
        varB = varB / Double(batches - 1) * Double(b)
        guard varB > 0 else { return Double(n) }
        return min(Double(n), Double(n) * varX / varB)
    }
}
