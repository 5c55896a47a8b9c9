import Foundation
import RiskModel

/// One free parameter (the shipped 郑科贷 calibration: one PD, ρ fixed): the record's probability is
/// estimated at `gridPoints` PDs evenly spaced in logit over the count-only posterior's central 99.9%,
/// interpolated linearly between them (held flat beyond), and the posterior tabulated again with it as a
/// factor and sampled exactly (`MixturePosterior.weightedGridSample`). That tabulation is the "finer
/// grid" second stage: it never depends on the count-only draws' weights, which are reported (their
/// effective number) to show how far the record moves the posterior.
extension RecordConditioning {
    /// The grid's interpolation: nodes `x` (logit PD), and for a value the nodes and weights that make it.
    struct Interpolation {
        let x: [Double]
        func weights(_ v: Double) -> [(Int, Double)] {
            guard x.count > 1 else { return [(0, 1)] }
            if v <= x[0] { return [(0, 1)] }
            if v >= x[x.count - 1] { return [(x.count - 1, 1)] }
            let step = (x[x.count - 1] - x[0]) / Double(x.count - 1)
            let k = min(x.count - 2, Int((v - x[0]) / step))
            let f = (v - x[k]) / (x[k + 1] - x[k])
            return [(k, 1 - f), (k + 1, f)]
        }
        func value(_ v: Double, _ p: [Double]) -> Double { weights(v).reduce(0) { $0 + $1.1 * p[$1.0] } }
    }

    func grid(_ c: Calibration, progress: (@Sendable (String, Int, Int) -> Void)?) async throws -> ConditionedPosterior {
        let rho = c.rho.mle
        let logits = c.draws.pd[0].map(Logit.of).sorted()
        let lo = SampleSummary.quantile(sorted: logits, 0.0005), hi = SampleSummary.quantile(sorted: logits, 0.9995)
        let k = max(2, options.gridPoints)
        let grid = Interpolation(x: (0..<k).map { lo + (hi - lo) * Double($0) / Double(k - 1) })
        // agree[v][k][i]: path i agrees with the events under variant v at node k.
        var agree: [[[Double]]] = []
        for v in variants.indices {
            var byNode: [[Double]] = []
            for x in grid.x {
                byNode.append(await agreement(v, pd: [Logit.inverse(x)], rho: rho))
                progress?("record's probability on the grid (variant \(v + 1) of \(variants.count))", byNode.count, k)
            }
            agree.append(byNode)
        }
        let p = agree.map { $0.map { $0.reduce(0, +) / Double(max(1, $0.count)) } }
        guard (0..<k).contains(where: { j in weight(p.map { $0[j] }) > 0 }) else { throw impossible(k) }
        // α_k: the count-only posterior's mass on node k (through the interpolation), so that the
        // marginal P(events | counts) is Σ α_k p_k, per path Σ α_k agree_k.
        let countDraws = c.draws.pd[0].map(Logit.of)
        var alpha = [Double](repeating: 0, count: k)
        for x in countDraws { for (j, w) in grid.weights(x) { alpha[j] += w / Double(countDraws.count) } }
        let y = agree.map { byNode in (0..<options.pathsPerPoint).map { i in (0..<k).reduce(0) { $0 + alpha[$1] * byNode[$1][i] } } }
        let evidence = evidence(y)
        // The weight at each node: the rule as written's probability, or the readings' mean when averaging.
        let nodeWeight = (0..<k).map { j in weight(p.map { $0[j] }) }
        let weights = countDraws.map { grid.value($0, nodeWeight) }
        let effective = Self.effectiveNumber(weights)
        // The whole-record posterior, tabulated and drawn on the count-only posterior's stream.
        let posterior = Self.posterior(c)
        let stream = RandomStream(kind: .taus2, seed: StreamSeed.derive(master: c.seed, block: 0, purpose: StreamSeed.purpose("calibrate/posterior")))
        let pAsWritten = p[0]
        var draws = posterior.weightedGridSample(draws: c.draws.rho.count, startPD: [max(c.cohorts[0].pd.mle, 1e-4)], startRho: rho, stream: stream) { x in
            log(grid.value(x, nodeWeight))
        }
        let readings = readings(draws.pd[0].map { pd in p.map { grid.value(Logit.of(pd), $0) } }, seed: c.seed)
        draws.method = "one parameter: the counts' posterior × the record's simulated probability (\(k) grid points, \(options.pathsPerPoint) paths each, "
            + "linear in logit PD), tabulated on 801 logit points and sampled exactly (independent draws)"
        if options.averageModels { draws.method += "; averaged over the breaker's \(variants.count) readings at equal prior odds, each draw's reading drawn given its PD" }
        let mode = wholeRecordMaximum(posterior, grid: grid, p: nodeWeight, rho: rho)
        let (cohorts, rhoEstimate) = Self.estimates(c, draws: draws, mode: (pd: [mode], rho: rho))
        let sorted = draws.pd[0].sorted()
        let inside = grid.x.indices.filter {
            let pd = Logit.inverse(grid.x[$0])
            return pd >= SampleSummary.quantile(sorted: sorted, 0.05) && pd <= SampleSummary.quantile(sorted: sorted, 0.95) && nodeWeight[$0] > 0
        }
        let points = grid.x.indices.map { j in
            ConditionedPosterior.Point(pd: [Logit.inverse(grid.x[j])], rho: rho, p: pAsWritten[j],
                                       se: SampleSummary.standardError(agree[0][j]))
        }
        return ConditionedPosterior(
            backcast: backcast, backcastSha256: variants[0].loaded.sha256, events: eventNames,
            method: "grid", methodText: draws.method, pathsPerPoint: options.pathsPerPoint, points: points,
            marginal: evidence[0].marginal, marginalSe: evidence[0].marginalSe, relativeError: evidence[0].marginalSe / evidence[0].marginal,
            largestPointRelativeError: inside.map { points[$0].se / points[$0].p }.max(),
            effectiveDraws: effective, countOnlyDraws: countDraws.count, secondStage: effective < Double(countDraws.count) / 2,
            cohorts: cohorts, rho: rhoEstimate, draws: draws, variants: evidence, variantOfDraw: readings, seed: c.seed, threads: options.threads)
    }

    /// The PD that maximises the counts' likelihood × the record's interpolated probability, searched on
    /// 801 logit points across the grid.
    func wholeRecordMaximum(_ posterior: MixturePosterior, grid: Interpolation, p: [Double], rho: Double) -> Double {
        let lo = grid.x[0], hi = grid.x[grid.x.count - 1]
        var best = (value: -Double.infinity, pd: Logit.inverse(lo))
        for i in 0...800 {
            let x = lo + (hi - lo) * Double(i) / 800
            let pd = Logit.inverse(x)
            let f = posterior.likelihood.logLikelihood(pd: [pd], rho: rho) + log(grid.value(x, p))
            if f > best.value { best = (f, pd) }
        }
        return best.pd
    }
}
