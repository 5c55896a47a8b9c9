import Foundation
import Testing
@testable import RiskModel

@Suite struct WeightedSampleTests {
    @Test func equalWeightsInvertTheEmpiricalCDF() {
        let w = WeightedSample([5, 1, 4, 2, 3], weights: [1, 1, 1, 1, 1])
        #expect(w.mean == 3)
        #expect(w.quantile(0.5) == 3)        // F(3) = 0.6 ≥ 0.5 > F(2) = 0.4
        #expect(w.quantile(0.4) == 2)        // F(2) = 0.4 reaches 0.4
        #expect(w.quantile(0.41) == 3)
        #expect(w.quantile(0.999) == 5)
        #expect(w.expectedShortfall(0.8) == 5)          // the top 20% of the weight: the value 5
        #expect(abs(w.expectedShortfall(0.7) - (5 + 0.5 * 4) / 1.5) < 1e-12)   // 5 whole, half of 4
        #expect(abs(w.standardError - (2.5 / 5).squareRoot()) < 1e-12)      // sd(w x)/√n: the plain se
        #expect(abs(w.effectiveSize - 5) < 1e-12)
    }

    /// Each path counts w/n: weights 0.6, 1.8, 0.6 over three paths are the masses 0.2, 0.6, 0.2 of five
    /// equally weighted values with the middle one three times.
    @Test func weightsActAsRepeatedValues() {
        let weighted = WeightedSample([1, 2, 7], weights: [0.6, 1.8, 0.6])
        let repeated = WeightedSample([1, 2, 2, 2, 7], weights: [1, 1, 1, 1, 1])
        #expect(abs(weighted.mean - repeated.mean) < 1e-12)
        #expect(abs(weighted.standardDeviation - repeated.standardDeviation) < 1e-12)
        for a in [0.1, 0.2, 0.5, 0.79, 0.81, 0.95] { #expect(weighted.quantile(a) == repeated.quantile(a), "\(a)") }
        #expect(abs(weighted.expectedShortfall(0.7) - repeated.expectedShortfall(0.7)) < 1e-12)
    }

    /// The weights as a control variate: the mean is the least-squares fit of `w x` on `w` read at
    /// `w = 1` (the regression estimator), computed here from the normal equations; the masses sum to 1;
    /// a constant is itself with standard error 0 whatever the weights (the unnormalised `Σ w x / n`
    /// would give 7 × 1.45 here), and an always-true event has probability 1.
    @Test func theWeightsAreAControlVariate() {
        let x: [Double] = [1, 2, 3, 4, 10], w: [Double] = [0.5, 1.5, 0.25, 2.5, 2.5]
        let s = WeightedSample(x, weights: w)
        let y = zip(w, x).map { $0 * $1 }
        let n = Double(x.count), mw = w.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for i in w.indices {
            sxy += (w[i] - mw) * (y[i] - my)
            sxx += (w[i] - mw) * (w[i] - mw)
        }
        let slope = sxy / sxx
        #expect(abs(s.mean - (my + slope * (1 - mw))) < 1e-12, "\(s.mean)")
        #expect(abs(s.masses.reduce(0, +) - 1) < 1e-12)
        #expect(abs(zip(s.masses, x).map { $0 * $1 }.reduce(0, +) - s.mean) < 1e-12)
        let constant = WeightedSample(Array(repeating: 7, count: 5), weights: w)
        #expect(abs(constant.mean - 7) < 1e-12 && constant.standardError < 1e-12 && constant.standardDeviation < 1e-6)
        #expect(abs(WeightedSample.controlledMean(Array(repeating: 1, count: 5), weights: w) - 1) < 1e-12)
        // The quantile and ES of a constant are the constant; ES is never below the quantile.
        #expect(constant.quantile(0.99) == 7 && constant.quantile(0.01) == 7 && abs(constant.expectedShortfall(0.99) - 7) < 1e-12)
        for a in [0.5, 0.8, 0.9, 0.99] { #expect(s.expectedShortfall(a) >= s.quantile(a)) }
    }

    /// X ~ N(0, 1) estimated from draws of N(1, 1) with weights `exp(−x + ½)`, 1,000 replicates of 1,000
    /// draws. The event the shift aims at, X > 2: unbiased with an honest standard error (mean z² within
    /// 1 ± 0.15). The body, E[X]: the control variate's spread across replicates is under half the
    /// unnormalised estimator's, its bias (O(1/n), from the estimated β) under a fifth of its spread.
    @Test func controlVariateEstimatesBeatTheUnnormalisedOnes() {
        let rng = RandomStream(kind: .taus2, seed: 11)
        let reps = 1_000, n = 1_000, exactTail = 1 - Normal.cdf(2)
        var zTail = 0.0, body: [Double] = [], unnormalised: [Double] = []
        for _ in 0..<reps {
            let x = (0..<n).map { _ in rng.ref.normal() + 1 }
            let w = x.map { exp(-$0 + 0.5) }
            let tail = WeightedSample(x.map { $0 > 2 ? 1 : 0 }, weights: w)
            zTail += pow((tail.mean - exactTail) / tail.standardError, 2)
            body.append(WeightedSample(x, weights: w).mean)
            unnormalised.append(zip(w, x).map { $0 * $1 }.reduce(0, +) / Double(n))
        }
        #expect(abs(zTail / Double(reps) - 1) < 0.15, "P(X > 2): mean z² \(zTail / Double(reps))")
        let spread = SampleSummary(body).sd, spreadUnnormalised = SampleSummary(unnormalised).sd
        #expect(spread < 0.5 * spreadUnnormalised, "\(spread) against \(spreadUnnormalised)")
        #expect(abs(SampleSummary(body).mean) < 0.2 * spread, "bias \(SampleSummary(body).mean), spread \(spread)")
    }

    @Test func noWeightsIsThePlainSummaryBitForBit() {
        let xs = (0..<1000).map { sin(Double($0)) * 100 }
        #expect(SampleSummary(xs, weights: nil) == SampleSummary(xs))
    }
}

@Suite struct ImportanceShiftTests {
    /// Draws η ~ N(θd, I) in `dims` dimensions and returns (s = d·η, w) per draw.
    func shiftedDraws(_ shift: ImportanceShift, count: Int, seed: UInt32) -> [(s: Double, w: Double)] {
        let rng = RandomStream(kind: .taus2, seed: seed)
        return (0..<count).map { _ in
            var s = 0.0
            for t in shift.direction.indices { s += shift.direction[t] * (rng.ref.normal() + shift.shifts[t]) }
            return (s, shift.weight(score: s))
        }
    }

    /// E_θ[w] = 1 and E_θ[w 1{d·η < −3}] = Φ(−3): the likelihood ratio makes the shifted draws unbiased,
    /// and far more precise for the tail than plain draws of the same count.
    @Test func weightsAreUnbiasedAndConcentrateOnTheTail() {
        let d = ImportanceShift.ar1Direction(phi: 0.9, steps: 12)
        #expect(abs(d.reduce(0) { $0 + $1 * $1 } - 1) < 1e-12 && d.allSatisfy { $0 < 0 })
        let shift = ImportanceShift(theta: 3, direction: d)
        let n = 40_000
        let draws = shiftedDraws(shift, count: n, seed: 7)
        let w = draws.map(\.w)
        let meanW = w.reduce(0, +) / Double(n)
        let seW = (w.map { ($0 - meanW) * ($0 - meanW) }.reduce(0, +) / Double(n - 1) / Double(n)).squareRoot()
        #expect(abs(meanW - 1) < 4 * seW, "mean weight \(meanW) ± \(seW)")
        // d points to low values: the event is d·η > 3 in the shifted direction's terms (s = d·η).
        let hits = draws.map { $0.s > 3 ? $0.w : 0 }
        let p = hits.reduce(0, +) / Double(n)
        let se = (hits.map { ($0 - p) * ($0 - p) }.reduce(0, +) / Double(n - 1) / Double(n)).squareRoot()
        let exact = Normal.cdf(-3)
        #expect(abs(p - exact) < 4 * se, "\(p) ± \(se) against \(exact)")
        let plainSE = (exact * (1 - exact) / Double(n)).squareRoot()
        #expect(plainSE / se > 10, "variance reduction \(pow(plainSE / se, 2))")
    }

    /// The defensive mixture: draws from N(0, 1) with probability 0.1 and from N(3, 1) otherwise weigh
    /// `1/(0.1 + 0.9 e^{3x − 4.5})`: never above 10, mean 1, and `E[w 1{x > 3}] = 1 − Φ(3)`.
    @Test func defensiveWeightsAreBoundedAndUnbiased() {
        let rng = RandomStream(kind: .taus2, seed: 5)
        let n = 40_000
        var w = [Double](), hits = [Double]()
        for _ in 0..<n {
            let x = rng.ref.normal() + (rng.ref.uniform() < 0.1 ? 0 : 3)
            let weight = ImportanceShift.defensiveWeight(shiftedOverPlain: exp(3 * x - 4.5), plainShare: 0.1)
            w.append(weight)
            hits.append(x > 3 ? weight : 0)
        }
        #expect(w.allSatisfy { $0 > 0 && $0 <= 10 })
        let mean = w.reduce(0, +) / Double(n), se = SampleSummary.standardError(w)
        #expect(abs(mean - 1) < 4 * se, "mean weight \(mean) ± \(se)")
        let p = hits.reduce(0, +) / Double(n), pse = SampleSummary.standardError(hits), exact = 1 - Normal.cdf(3)
        #expect(abs(p - exact) < 4 * pse, "\(p) ± \(pse) against \(exact)")
    }

    @Test func aZeroShiftWeighsOne() {
        let shift = ImportanceShift(theta: 0, direction: ImportanceShift.ar1Direction(phi: 0.95, steps: 60))
        #expect(shiftedDraws(shift, count: 100, seed: 3).allSatisfy { $0.w == 1 })
        #expect(ImportanceShift(vector: Array(repeating: 0, count: 5), fallback: [1, 0, 0, 0, 0]).theta == 0)
    }

    /// The cross-entropy update is the weighted mean innovation vector over the event's paths,
    /// averaged within blocks.
    @Test func crossEntropyUpdateIsTheEventsWeightedMean() throws {
        let innovations: [[Double]] = [[1, 2, 3], [3, 4, 5], [100, 100, 100]]
        let mu = try #require(ImportanceShift.crossEntropyUpdate(innovations: innovations, weights: [1, 3, 1], hits: [true, true, false],
                                                                 blocks: [0..<1, 1..<3]))
        #expect(mu == [2.5, 4, 4])      // step 0: (1 + 9)/4; steps 1–2: mean of 3.5 and 4.5
        #expect(ImportanceShift.crossEntropyUpdate(innovations: innovations, weights: [1, 1, 1], hits: [false, false, false], blocks: []) == nil)
    }
}
