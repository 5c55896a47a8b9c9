import Foundation
import Testing
@testable import RiskModel

/// The numerical-inversion sampler: its u-error and its law.
@Suite struct InversionTableTests {
    static let laws: [(mu: Double, sigma: Double)] = [(log(200), 0.5), (log(450), 0.8), (log(100), 1.2), (log(1500), 0.3)]

    /// u-error |F(Q̃(u)) − u| ≤ 1e-10 on 2^20 evenly spread words and 10^6 random ones, per law.
    @Test(arguments: 0..<4)
    func uErrorIsBelow1e10(index: Int) {
        let (mu, sigma) = Self.laws[index]
        let table = InversionTable.lognormal(mu: mu, sigma: sigma)
        #expect(table.measuredError <= 1e-10)
        #expect(table.exactShare < 0.02)  // the extreme tails (1.5% of cells) take the exact quantile
        let cdf = { (x: Double) in Normal.cdf((log(x) - mu) / sigma) }
        var worst = 0.0
        for k in 0..<(1 << 20) {
            let word = UInt32(k) << 12 | UInt32(k & 0xFFF)
            worst = max(worst, abs(cdf(table.value(word: word)) - (Double(word) + 0.5) * 0x1p-32))
        }
        let rng = RandomStream(kind: .taus2, seed: 99)
        for _ in 0..<1_000_000 {
            let word = rng.ref.word32()
            worst = max(worst, abs(cdf(table.value(word: word)) - (Double(word) + 0.5) * 0x1p-32))
        }
        #expect(worst <= 1e-10, "u-error \(worst)")
    }

    /// Kolmogorov–Smirnov on 200,000 draws against the exact lognormal CDF: D below its 99.9% point
    /// (1.949/√n); the seed is fixed.
    @Test(arguments: 0..<4)
    func drawsFollowTheExactLaw(index: Int) {
        let (mu, sigma) = Self.laws[index]
        let table = InversionTable.lognormal(mu: mu, sigma: sigma)
        let rng = RandomStream(kind: .taus2, seed: 2025 + UInt32(index))
        let n = 200_000
        let xs = (0..<n).map { _ in table.sample(rng.ref) }.sorted()
        var d = 0.0
        for (i, x) in xs.enumerated() {
            let f = Normal.cdf((log(x) - mu) / sigma)
            d = max(d, abs(f - Double(i) / Double(n)), abs(f - Double(i + 1) / Double(n)))
        }
        #expect(d < 1.949 / Double(n).squareRoot(), "KS D = \(d)")
    }

    /// A cap applied after inversion (the capped lognormal of loan sizes): draws never exceed it, the
    /// share at the cap is 1 − F(cap) and the mean is the closed form `LoanSize.mean`, within 4 SE.
    @Test func capIsAPointMass() {
        let size = LoanSize(median: 450, sigma: 0.8, cap: 1000)
        let table = InversionTable.lognormal(mu: log(450), sigma: 0.8)
        let rng = RandomStream(kind: .taus2, seed: 5)
        let n = 200_000
        let xs = (0..<n).map { _ in min(table.sample(rng.ref), 1000) }
        #expect(xs.allSatisfy { $0 <= 1000 })
        let share = Double(xs.filter { $0 == 1000 }.count) / Double(n)
        let p = Normal.survival((log(1000) - log(450)) / 0.8)
        #expect(abs(share - p) < 4 * (p * (1 - p) / Double(n)).squareRoot())
        let mean = xs.reduce(0, +) / Double(n)
        #expect(abs(mean - size.mean) < 4 * 300 / Double(n).squareRoot())
    }
}
