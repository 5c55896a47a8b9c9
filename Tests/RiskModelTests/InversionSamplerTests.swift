import Foundation
import Testing
@testable import RiskModel

/// The numerical-inversion sampler: its u-error and its law.
@Suite struct InversionSamplerTests {
    /// Loan-size laws (median 万元, σ, cap): B1's three groups capped at the per-firm limit, a wide
    /// uncapped one and a narrow one.
    static let laws = [CappedLogNormal(median: 500, sigma: 0.8, cap: 2000), CappedLogNormal(median: 200, sigma: 0.9, cap: 2000),
                       CappedLogNormal(median: 100, sigma: 0.7, cap: 2000), CappedLogNormal(median: 100, sigma: 1.2),
                       CappedLogNormal(median: 1500, sigma: 0.3)]

    /// u-error |F(Q̃(u)) − u| ≤ 1e-10 on 2^20 evenly spread words and 10^6 random ones, per law (at the
    /// cap's point mass, the error is measured against the interval [F(cap−), 1]).
    @Test(arguments: 0..<5)
    func uErrorIsBelow1e10(index: Int) {
        let law = Self.laws[index]
        let sampler = law.inversionSampler()
        #expect(sampler.measuredError <= 1e-10)
        #expect(sampler.exactShare < 1e-3)  // only the outermost sub-cells take the exact quantile
        let atom = law.cap.isFinite ? Normal.cdf(law.capNormal) : 2
        func error(_ word: UInt32) -> Double {
            let u = (Double(word) + 0.5) * 0x1p-32, x = sampler.value(word: word)
            if x == law.cap { return u >= atom ? 0 : atom - u }
            return abs(law.cdf(x) - u)
        }
        var worst = 0.0
        for k in 0..<(1 << 20) { worst = max(worst, error(UInt32(k) << 12 | UInt32(k & 0xFFF))) }
        let rng = RandomStream(kind: .taus2, seed: 99)
        for _ in 0..<1_000_000 { worst = max(worst, error(rng.ref.word32())) }
        // The extreme words, where the sub-cells and the exact quantile take over.
        for word in [0, 1, 1 << 10, 1 << 16, UInt32.max - (1 << 16), UInt32.max - 1, UInt32.max] { worst = max(worst, error(word)) }
        #expect(worst <= 1e-10, "u-error \(worst)")
    }

    /// Kolmogorov–Smirnov on 200,000 draws against the exact CDF: D below its 99.9% point (1.949/√n);
    /// the seed is fixed. With a cap, the share at the cap and the closed-form mean within 4 SE.
    @Test(arguments: 0..<5)
    func drawsFollowTheExactLaw(index: Int) {
        let law = Self.laws[index]
        let sampler = law.inversionSampler()
        let rng = RandomStream(kind: .taus2, seed: 2025 + UInt32(index))
        let n = 200_000
        let xs = (0..<n).map { _ in sampler.sample(rng.ref) }.sorted()
        var d = 0.0
        for (i, x) in xs.enumerated() where x < law.cap {
            let f = law.cdf(x)
            d = max(d, abs(f - Double(i) / Double(n)), abs(f - Double(i + 1) / Double(n)))
        }
        #expect(d < 1.949 / Double(n).squareRoot(), "KS D = \(d)")
        #expect(xs.allSatisfy { $0 <= law.cap })
        let p = law.capProbability
        let share = Double(xs.filter { $0 == law.cap }.count) / Double(n)
        #expect(abs(share - p) <= 4 * (p * (1 - p) / Double(n)).squareRoot())
        let mean = xs.reduce(0, +) / Double(n)
        let sd = (xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)).squareRoot()
        #expect(abs(mean - law.mean) < 4 * sd / Double(n).squareRoot(), "mean \(mean) vs closed form \(law.mean)")
    }

    /// The density slope the quintic uses agrees with a central difference of the density.
    @Test func densitySlopeIsTheDerivative() {
        let law = Self.laws[1]
        for x in [20.0, 150, 200, 700, 1900] {
            let h = x * 1e-6
            let numeric = (law.density(x + h) - law.density(x - h)) / (2 * h)
            #expect(abs(law.densitySlope(x) - numeric) <= 1e-6 * abs(numeric) + 1e-15)
        }
    }
}
