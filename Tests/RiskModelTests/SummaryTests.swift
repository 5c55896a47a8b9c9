import Testing
@testable import RiskModel

@Suite struct SampleSummaryTests {
    @Test func knownSmallSample() {
        let s = SampleSummary([5, 1, 4, 2, 3])
        #expect(s.mean == 3)
        #expect(s.sd == (2.5).squareRoot())
        #expect(s.se == (2.5 / 5).squareRoot())
        #expect(s.q50 == 3)
        #expect(abs(s.q90 - 4.6) < 1e-12)  // type 7: 1 + 0.9·4 = 4.6 → between 4 and 5
        #expect(s.es99 == 5)                // ⌈5 · 1%⌉ = 1 worst value
        #expect(s.min == 1 && s.max == 5)
    }

    @Test func expectedShortfallAveragesTheTail() {
        let values = (1...1000).map(Double.init)
        let s = SampleSummary(values)
        #expect(s.es99 == (991...1000).reduce(0.0) { $0 + Double($1) } / 10)
        #expect(abs(s.q99 - 990.01) < 1e-9)
    }

    /// The summary finds its quantiles and tail by selection: every figure must be the full sort's,
    /// bit for bit, on samples with many ties (and both zeros), of odd and even size, and tiny ones.
    @Test(arguments: [1, 2, 7, 100, 1_000, 10_007])
    func summaryBySelectionIsTheSortedSummary(_ n: Int) {
        var state: UInt32 = UInt32(n)
        let values: [Double] = (0..<n).map { i in
            state = state &* 1_664_525 &+ 1_013_904_223
            if i % 13 == 0 { return i % 2 == 0 ? 0.0 : -0.0 }
            return Double(state % 97) * 1.25 - 20
        }
        let s = SampleSummary(values), sorted = values.sorted()
        let levels = [0.01, 0.05, 0.5, 0.9, 0.95, 0.99, 0.999]
        let got = [s.q01, s.q05, s.q50, s.q90, s.q95, s.q99, s.q999]
        for (a, v) in zip(levels, got) { #expect(v.bitPattern == SampleSummary.quantile(sorted: sorted, a).bitPattern) }
        #expect(s.es99.bitPattern == SampleSummary.expectedShortfall(sorted: sorted, 0.99).bitPattern)
        #expect(s.min.bitPattern == sorted.first!.bitPattern && s.max.bitPattern == sorted.last!.bitPattern)
    }

    @Test func columnQuantilesMatchSorting() {
        var state: UInt32 = 17
        var values: [Float] = (0..<10_001).map { _ in
            state = state &* 1_664_525 &+ 1_013_904_223
            return Float(state % 100_000) / 7
        }
        let sorted = values.map(Double.init).sorted()
        let levels = [0.05, 0.25, 0.5, 0.75, 0.95]
        let q = ColumnQuantiles.compute(&values, levels: levels)
        for (a, v) in zip(levels, q) { #expect(abs(v - SampleSummary.quantile(sorted: sorted, a)) < 1e-6) }
    }
}

@Suite struct BaselIRBTests {
    /// Published BCBS values (corporate, M = 2.5): PD 1%, LGD 45% → RW 92.32%; PD 0.1% → 29.65%;
    /// PD 5% → 149.86%; and R at PD 1% = 0.192784.
    @Test(arguments: [(0.01, 0.9232), (0.001, 0.2965), (0.05, 1.4986)])
    func riskWeightsMatchPublishedValues(_ pd: Double, _ rw: Double) {
        #expect(abs(BaselIRB.riskWeight(pd: pd, lgd: 0.45, maturityYears: 2.5) - rw) < 0.0005)
    }

    @Test func correlationAndAdjustments() {
        // w = (1 − e^(−0.5))/(1 − e^(−50)) = 0.393469; R = 0.12 w + 0.24 (1 − w) = 0.192784.
        #expect(abs(BaselIRB.correlation(pd: 0.01) - 0.192784) < 1e-6)
        // SME adjustment at the smallest size lowers R by 0.04.
        #expect(abs(BaselIRB.correlation(pd: 0.01) - BaselIRB.correlation(pd: 0.01, smeSalesMillionsEUR: 5) - 0.04) < 1e-12)
        // Longer maturity, higher weight; LGD scales K linearly.
        #expect(BaselIRB.riskWeight(pd: 0.01, lgd: 0.45, maturityYears: 5) > BaselIRB.riskWeight(pd: 0.01, lgd: 0.45, maturityYears: 1))
        #expect(abs(BaselIRB.capital(pd: 0.02, lgd: 0.9, maturityYears: 2.5) - 2 * BaselIRB.capital(pd: 0.02, lgd: 0.45, maturityYears: 2.5)) < 1e-12)
    }
}
