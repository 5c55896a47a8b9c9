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
