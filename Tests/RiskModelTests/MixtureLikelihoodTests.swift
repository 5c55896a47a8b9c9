import Foundation
import Testing
@testable import RiskModel

/// The one-factor binomial mixture likelihood against brute-force integration, and its bounds.
@Suite struct MixtureLikelihoodTests {
    func logChoose(_ n: Int, _ k: Int) -> Double { lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1)) }

    func binomial(_ k: Int, _ n: Int, _ p: Double) -> Double {
        exp(logChoose(n, k) + Double(k) * log(p) + Double(n - k) * log1p(-p))
    }

    func conditional(_ pd: Double, _ rho: Double, _ z: Double) -> Double {
        Normal.cdf((Normal.quantile(pd) - rho.squareRoot() * z) / (1 - rho).squareRoot())
    }

    /// Trapezoid rule over [−12, 12] with step 1e-4: spectrally accurate for these smooth integrands.
    func bruteForce(_ f: (Double) -> Double) -> Double {
        let h = 1e-4
        var s = 0.0
        var z = -12.0
        while z <= 12 {
            s += f(z) * Normal.density(z)
            z += h
        }
        return s * h
    }

    static let panel = DefaultPanel(cohortCount: 3, cells: [
        [.init(loans: 400, defaults: 9), .init(loans: 1200, defaults: 41), .init(loans: 150, defaults: 11)],
        [.init(loans: 420, defaults: 3), .init(loans: 1300, defaults: 22), .init(loans: 160, defaults: 6)],
        [.init(loans: 450, defaults: 21), .init(loans: 1250, defaults: 96), .init(loans: 170, defaults: 25)],
        [.init(loans: 470, defaults: 0), nil, .init(loans: 180, defaults: 4)],
        [.init(loans: 500, defaults: 6), .init(loans: 1400, defaults: 30), .init(loans: 200, defaults: 9)],
    ])

    @Test(arguments: [(0.15, [0.02, 0.03, 0.06]), (0.05, [0.015, 0.025, 0.05]), (0.3, [0.03, 0.04, 0.08])])
    func quadratureMatchesBruteForceTo1e8(rho: Double, pd: [Double]) {
        let l = MixtureLikelihood(panel: Self.panel, nodes: 32)
        var expected = 0.0
        for row in Self.panel.cells {
            let year = bruteForce { z in
                var v = 1.0
                for (c, cell) in row.enumerated() {
                    if let cell, let d = cell.defaults { v *= binomial(d, cell.loans, conditional(pd[c], rho, z)) }
                }
                return v
            }
            expected += log(year)
        }
        let got = l.logLikelihood(pd: pd, rho: rho)
        #expect(abs(got - expected) < 1e-8, "quadrature \(got) vs brute force \(expected)")
    }

    @Test func doublingTheNodesChangesTheLogLikelihoodByLessThan1e9() {
        let a = MixtureLikelihood(panel: Self.panel, nodes: 32).logLikelihood(pd: [0.02, 0.03, 0.06], rho: 0.2)
        let b = MixtureLikelihood(panel: Self.panel, nodes: 64).logLikelihood(pd: [0.02, 0.03, 0.06], rho: 0.2)
        #expect(abs(a - b) < 1e-9)
    }

    /// A running total over two years with unobserved yearly counts: P(1 ≤ D₁ ≤ 4, D₁ + D₂ ≤ 6), by a
    /// double trapezoid over both years' factors.
    @Test func cumulativeBoundsMatchADoubleIntegral() {
        let pd = 0.01, rho = 0.2
        let panel = DefaultPanel(cohortCount: 1, cells: [[.init(loans: 200, defaults: nil)], [.init(loans: 250, defaults: nil)]],
                                 cumulative: .init(cohorts: [true], firstYear: 0, bounds: [.init(throughYear: 0, lower: 1, upper: 4),
                                                                                          .init(throughYear: 1, lower: 0, upper: 6)]))
        let l = MixtureLikelihood(panel: panel, nodes: 128)
        let h = 1e-3
        let grid = stride(from: -10.0, through: 10.0, by: h).map { $0 }
        func pmfs(_ n: Int) -> [[Double]] { grid.map { z in (0...6).map { binomial($0, n, conditional(pd, rho, z)) } } }
        let first = pmfs(200), second = pmfs(250)
        var e1 = [Double](repeating: 0, count: 7), e2 = [Double](repeating: 0, count: 7)
        for (i, z) in grid.enumerated() {
            let w = Normal.density(z) * h
            for k in 0...6 {
                e1[k] += w * first[i][k]
                e2[k] += w * second[i][k]
            }
        }
        var expected = 0.0
        for k1 in 1...4 { for k2 in 0...(6 - k1) { expected += e1[k1] * e2[k2] } }
        let got = exp(l.logLikelihood(pd: [pd], rho: rho))
        #expect(abs(got - expected) < 1e-8 * max(1, expected), "forward pass \(got) vs double integral \(expected)")
    }

    /// With ρ = 0 and no defaults in n loan-years, (1 − p)^n = 0.05 at the bound.
    @Test(arguments: [100, 2665, 40_000])
    func mostPrudentBoundWithoutCorrelationIsTheClosedForm(n: Int) {
        let panel = DefaultPanel(cohortCount: 1, cells: [[.init(loans: n / 2, defaults: 0)], [.init(loans: n - n / 2, defaults: 0)]])
        let fit = MixtureFit(likelihood: MixtureLikelihood(panel: panel, nodes: 16), fixedRho: 0)
        #expect(fit.boundaryCohorts == [true])
        let bound = fit.mostPrudentUpperBound(cohort: 0, rho: 0)
        let closed = 1 - pow(0.05, 1 / Double(n))
        #expect(abs(bound - closed) < 1e-12 * max(1, closed) + 1e-14, "\(bound) vs \(closed)")
    }

    /// Correlation makes zero defaults likelier at a given PD, so the most prudent bound rises with ρ.
    /// The running total's convolution (raw buffers, vector lanes over j) gives the plain loop's numbers
    /// bit for bit: each slot gets its terms in the same order. Sparse and dense inputs, several caps.
    @Test(arguments: [1, 2, 7, 64, 139])
    func convolutionIsThePlainLoopBitForBit(cap: Int) {
        func plain(_ x: [Double], _ y: [Double]) -> [Double] {
            var out = [Double](repeating: 0, count: cap + 1)
            var tail = [Double](repeating: 0, count: cap + 2)
            for j in stride(from: cap, through: 0, by: -1) { tail[j] = tail[j + 1] + y[j] }
            for i in 0...cap where x[i] != 0 {
                if i < cap { for j in 0..<(cap - i) { out[i + j] += x[i] * y[j] } }
                out[cap] += x[i] * tail[cap - i]
            }
            return out
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(cap)
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for round in 0..<20 {
            let x = (0...cap).map { _ in round % 3 == 0 && next() < 0.7 ? 0 : next() * exp(-30 * next()) }
            let y = (0...cap).map { _ in next() * exp(-30 * next()) }
            let fast = RunningTotal.convolve(x, y, cap: cap), slow = plain(x, y)
            #expect(fast.map(\.bitPattern) == slow.map(\.bitPattern), "cap \(cap), round \(round)")
        }
    }

    @Test func mostPrudentBoundRisesWithCorrelation() {
        let panel = DefaultPanel(cohortCount: 1, cells: (0..<8).map { _ in [.init(loans: 300, defaults: 0)] })
        let fit = MixtureFit(likelihood: MixtureLikelihood(panel: panel, nodes: 48), fixedRho: nil)
        let b0 = fit.mostPrudentUpperBound(cohort: 0, rho: 0), b1 = fit.mostPrudentUpperBound(cohort: 0, rho: 0.12)
        #expect(b1 > b0 && b1 < 0.5)
    }

    @Test func betaPriorAndLogitAreConsistent() {
        let prior = BetaPrior(a: 2.4, b: 17.6)
        #expect(abs(prior.mean - 0.12) < 1e-12)
        #expect(abs(prior.sd - (2.4 * 17.6 / (400 * 21)).squareRoot()) < 1e-12)
        let median = prior.quantile(0.5)
        #expect(median > 0.09 && median < prior.mean)  // right-skewed: median below the mean
        for x in [-20.0, -3, 0, 2.5, 30] {
            let p = Logit.inverse(x)
            #expect(abs(Logit.logJacobian(x) - log(p * (1 - p))) < 1e-9 || p * (1 - p) < 1e-12)
        }
    }
}
