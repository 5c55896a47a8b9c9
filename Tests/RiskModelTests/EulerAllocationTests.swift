import Foundation
import Testing
@testable import RiskModel

/// Euler contributions against closed forms: two independent normal sub-books, plain and importance-weighted.
@Suite struct EulerAllocationTests {
    /// X₁ ~ N(μ₁, σ₁²), X₂ ~ N(μ₂, σ₂²) independent, X = X₁ + X₂ with σ² = σ₁² + σ₂²:
    /// E[X₁ | X ≥ VaR_α] = μ₁ + (σ₁²/σ) φ(z_α)/(1 − α), and E[X₁ | X₁ > μ₁] = μ₁ + σ₁ √(2/π), E[X₂ | X₁ > μ₁] = μ₂.
    static func expectedTail(_ mu: Double, _ s1: Double, _ sigma: Double, alpha: Double) -> Double {
        mu + s1 * s1 / sigma * Normal.density(Normal.quantile(alpha)) / (1 - alpha)
    }

    @Test(arguments: [UInt32(1), 2, 3])
    func independentSubBooks(_ seed: UInt32) {
        let rng = RandomStream(kind: .taus2, seed: seed)
        let n = 200_000, (mu1, s1, mu2, s2) = (10.0, 3.0, 5.0, 1.0)
        var x1 = [Double](), x2 = [Double]()
        for _ in 0..<n { x1.append(mu1 + s1 * rng.ref.normal()); x2.append(mu2 + s2 * rng.ref.normal()) }
        let a = EulerAllocation(parts: [x1, x2], weights: nil, alpha: 0.99, event: x1.map { $0 > mu1 })
        let sigma = (s1 * s1 + s2 * s2).squareRoot()
        #expect(a.tailPaths == 2000)
        for (k, (mu, s)) in [(mu1, s1), (mu2, s2)].enumerated() {
            #expect(abs(a.mean[k].value - mu) < 4 * a.mean[k].se)
            let tail = Self.expectedTail(mu, s, sigma, alpha: 0.99)
            // The VaR that picks the tail is estimated too: 5 SE of the fixed-set error.
            #expect(abs(a.tail[k].value - tail) < 5 * a.tail[k].se, "part \(k): \(a.tail[k]) vs \(tail)")
        }
        let event = try! #require(a.event)
        #expect(abs(event[0].value - (mu1 + s1 * (2 / Double.pi).squareRoot())) < 4 * event[0].se)
        #expect(abs(event[1].value - mu2) < 4 * event[1].se)
        // Additivity: the totals are the parts' sums, and the tail total is the sample's own ES99.
        let total = zip(x1, x2).map { $0 + $1 }
        #expect(a.tailTotal == a.tail[0].value + a.tail[1].value)
        #expect(abs(a.tailTotal - SampleSummary.expectedShortfall(sorted: total.sorted(), 0.99)) < 1e-9 * a.tailTotal)
        #expect(abs(a.meanTotal - total.reduce(0, +) / Double(n)) < 1e-9 * a.meanTotal)
    }

    /// Importance-weighted: X₁ drawn from N(θ, 1) with weight e^{−θX₁ + θ²/2} (the law N(0, 1)), X₂ ~ N(0, 1):
    /// the weighted contributions estimate the unshifted law's, E[X₁ | X ≥ VaR₉₉] = (1/√2) φ(z₉₉)/0.01.
    @Test func weightedRunsEstimateThePlainLaw() {
        let rng = RandomStream(kind: .taus2, seed: 7)
        let n = 100_000, theta = 1.5
        var x1 = [Double](), x2 = [Double](), w = [Double]()
        for _ in 0..<n {
            let y = theta + rng.ref.normal()
            x1.append(y); x2.append(rng.ref.normal()); w.append(exp(-theta * y + theta * theta / 2))
        }
        let a = EulerAllocation(parts: [x1, x2], weights: w, alpha: 0.99, event: x1.map { $0 > 0 })
        let tail = Self.expectedTail(0, 1, 2.0.squareRoot(), alpha: 0.99)
        for k in 0..<2 {
            #expect(abs(a.tail[k].value - tail) < 5 * a.tail[k].se, "part \(k): \(a.tail[k]) vs \(tail)")
        }
        #expect(abs(a.mean[0].value) < 4 * a.mean[0].se && abs(a.mean[1].value) < 4 * a.mean[1].se)
        #expect(a.tailPaths > 1000, "the shift fills the tail: \(a.tailPaths) paths in it, not 1%")
        // Weights that are all 1 give the plain allocation.
        let plain = EulerAllocation(parts: [x1, x2], weights: nil, alpha: 0.99, event: x1.map { $0 > 0 })
        let ones = EulerAllocation(parts: [x1, x2], weights: [Double](repeating: 1, count: n), alpha: 0.99, event: x1.map { $0 > 0 })
        #expect(plain.tail == ones.tail && plain.tailPaths == ones.tailPaths)
    }

    @Test func noEventNoEventContribution() {
        let a = EulerAllocation(parts: [[1, 2, 3], [3, 2, 1]], weights: nil, alpha: 0.5, event: [false, false, false])
        #expect(a.event == nil && a.eventPaths == 0)
        #expect(a.tailPaths == 2 && a.tailTotal == 4)
    }
}
