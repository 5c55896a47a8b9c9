import Foundation
import RiskModel

/// More than one free parameter: `importanceDraws` of the count-only posterior's draws (evenly spaced)
/// are each weighted by the record's simulated probability (a pseudo-marginal importance step: the
/// counts' likelihood stays exact). When the weights are all equal the record says nothing and the
/// count-only posterior is returned unchanged; when their effective number falls under half the draws,
/// a resample-move stage follows: systematic resampling by weight, then one pseudo-marginal Metropolis
/// move per particle (a Gaussian step in logit coordinates, half the weighted standard deviation of each
/// coordinate; the record's probability at the proposal estimated afresh on the same paths).
extension RecordConditioning {
    func importance(_ c: Calibration, progress: (@Sendable (String, Int, Int) -> Void)?) async throws -> ConditionedPosterior {
        let total = c.draws.rho.count
        let n = min(max(2, options.importanceDraws), total)
        let chosen = (0..<n).map { $0 * total / n }
        let theta = chosen.map { j in (pd: c.draws.pd.map { $0[j] }, rho: c.draws.rho[j]) }
        var agree: [[[Double]]] = []
        for v in variants.indices {
            var byDraw: [[Double]] = []
            for t in theta {
                byDraw.append(await agreement(v, pd: t.pd, rho: t.rho))
                progress?("record's probability at the posterior draws (variant \(v + 1) of \(variants.count))", byDraw.count, n)
            }
            agree.append(byDraw)
        }
        let p = agree.map { $0.map { $0.reduce(0, +) / Double(max(1, $0.count)) } }
        // pv[d][v]: draw d's probability of the events under reading v; its weight the rule as written's (or the readings' mean).
        let pv = (0..<n).map { d in p.map { $0[d] } }
        let w = pv.map(weight)
        guard w.contains(where: { $0 > 0 }) else { throw impossible(n) }
        let y = agree.map { byDraw in (0..<options.pathsPerPoint).map { i in byDraw.reduce(0) { $0 + $1[i] } / Double(n) } }
        let evidence = evidence(y)
        let effective = Self.effectiveNumber(w)
        let points = theta.indices.map { ConditionedPosterior.Point(pd: theta[$0].pd, rho: theta[$0].rho, p: p[0][$0], se: SampleSummary.standardError(agree[0][$0])) }
        let uninformative = w.allSatisfy { $0 == w[0] } && !options.averageModels
        var draws = c.draws
        var secondStage = false
        var readings: [Int]?
        if uninformative {
            draws.method = "the record's probability is the same at every weighted draw: the count-only draws, unchanged"
        } else {
            var particles = Self.resample(theta, pv: pv, weights: w, seed: c.seed)
            if effective < Double(n) / 2 {
                secondStage = true
                particles = try await move(particles, c, progress: progress)
            }
            draws = MixturePosterior.Draws(
                pd: c.cohorts.indices.map { k in particles.map { $0.theta.pd[k] } }, rho: particles.map(\.theta.rho),
                acceptanceRate: particles.isEmpty ? 0 : Double(particles.filter(\.moved).count) / Double(particles.count),
                effectiveSampleSize: [effective],
                method: "importance weights on \(n) count-only draws (the record's probability from \(options.pathsPerPoint) paths each), resampled"
                    + (secondStage ? "; one pseudo-marginal Metropolis move per particle (weights degenerate)" : "")
                    + (options.averageModels ? "; averaged over the breaker's \(variants.count) readings at equal prior odds" : ""))
            readings = self.readings(particles.map(\.pv), seed: c.seed)
        }
        let posterior = Self.posterior(c)
        let best = points.indices.max { posterior.logPosterior(logits(points[$0].pd, points[$0].rho, c)) + log(w[$0])
            < posterior.logPosterior(logits(points[$1].pd, points[$1].rho, c)) + log(w[$1]) }!
        let (cohorts, rho) = Self.estimates(c, draws: draws, mode: (pd: points[best].pd, rho: points[best].rho))
        let pointErrors = points.filter { $0.p > 0 }.map { $0.se / $0.p }
        return ConditionedPosterior(
            backcast: backcast, backcastSha256: variants[0].loaded.sha256, events: eventNames,
            method: "importance", methodText: draws.method, pathsPerPoint: options.pathsPerPoint, points: points,
            marginal: evidence[0].marginal, marginalSe: evidence[0].marginalSe, relativeError: evidence[0].marginalSe / evidence[0].marginal,
            largestPointRelativeError: pointErrors.max(), effectiveDraws: effective, countOnlyDraws: n, secondStage: secondStage,
            cohorts: cohorts, rho: rho, draws: draws, variants: evidence, variantOfDraw: readings, seed: c.seed, threads: options.threads)
    }

    struct Particle {
        var theta: (pd: [Double], rho: Double)
        /// The probability of the events under each reading, and the weight made of them.
        var pv: [Double]
        var p: Double
        var moved = false
    }

    /// The logit coordinates `MixturePosterior` works in: each PD, then ρ when it is free.
    func logits(_ pd: [Double], _ rho: Double, _ c: Calibration) -> [Double] {
        pd.map(Logit.of) + (c.rhoFixed ? [] : [Logit.of(rho)])
    }

    /// Systematic resampling: `weights` normalised, one uniform from the calibration's seed.
    static func resample(_ theta: [(pd: [Double], rho: Double)], pv: [[Double]], weights: [Double], seed: UInt32) -> [Particle] {
        let stream = RandomStream(kind: .taus2, seed: StreamSeed.derive(master: seed, block: 0, purpose: StreamSeed.purpose("calibrate/record-resample")))
        let total = weights.reduce(0, +)
        let n = theta.count
        let u = stream.ref.uniform()
        var out: [Particle] = []
        var cumulative = 0.0, j = 0
        for i in 0..<n {
            let target = (Double(i) + u) / Double(n) * total
            while j < n - 1 && cumulative + weights[j] < target {
                cumulative += weights[j]
                j += 1
            }
            out.append(Particle(theta: theta[j], pv: pv[j], p: weights[j]))
        }
        return out
    }

    /// One pseudo-marginal Metropolis move per particle.
    func move(_ particles: [Particle], _ c: Calibration, progress: (@Sendable (String, Int, Int) -> Void)?) async throws -> [Particle] {
        let posterior = Self.posterior(c)
        let coords = particles.map { logits($0.theta.pd, $0.theta.rho, c) }
        let d = coords[0].count
        let sd = (0..<d).map { i -> Double in
            let xs = coords.map { $0[i] }
            let s = SampleSummary.standardError(xs) * Double(xs.count).squareRoot()
            return max(0.5 * s, 1e-3)
        }
        let stream = RandomStream(kind: .taus2, seed: StreamSeed.derive(master: c.seed, block: 0, purpose: StreamSeed.purpose("calibrate/record-move")))
        let rng = stream.ref
        var out = particles
        for (i, x) in coords.enumerated() {
            let y = (0..<d).map { x[$0] + sd[$0] * rng.normal() }
            let u = rng.uniformPositive()
            let pd = (0..<c.cohorts.count).map { Logit.inverse(y[$0]) }
            let rho = c.rhoFixed ? c.rho.mle : Logit.inverse(y[d - 1])
            var pv: [Double] = []
            for v in (options.averageModels ? Array(variants.indices) : [0]) {
                let agree = await agreement(v, pd: pd, rho: rho)
                pv.append(agree.reduce(0, +) / Double(max(1, agree.count)))
            }
            let py = weight(pv)
            let ratio = posterior.logPosterior(y) + log(py) - posterior.logPosterior(x) - log(out[i].p)
            if py > 0 && log(u) < ratio { out[i] = Particle(theta: (pd, rho), pv: pv, p: py, moved: true) }
            progress?("resample-move", i + 1, coords.count)
        }
        return out
    }
}
