import CGSL
import Foundation
import Testing
@testable import RiskModel

@Suite struct StreamSeedTests {
    @Test func mixerIsInjectiveOnASample() {
        var seen = Set<UInt32>()
        for x in UInt32(0)..<200_000 { seen.insert(StreamSeed.mix32(x)) }
        #expect(seen.count == 200_000)
    }

    @Test func derivedSeedsDifferAcrossBlocksPurposesAndMasters() {
        var seen = Set<UInt32>()
        for block in UInt32(0)..<2_000 {
            for purpose in [StreamSeed.purpose("macro"), StreamSeed.purpose("cohort/a/defaults")] {
                let s = StreamSeed.derive(master: 42, block: block, purpose: purpose)
                #expect(s != 0)
                seen.insert(s)
            }
        }
        #expect(seen.count == 4_000)
        #expect(StreamSeed.derive(master: 1, block: 0, purpose: 7) != StreamSeed.derive(master: 2, block: 0, purpose: 7))
    }

    /// The inline taus2 step (CGSL's `loansim_taus_get`) is GSL's: two generators with the same seed,
    /// one drawn inline and one through `gsl_rng_get`/`gsl_rng_uniform`, give the same two million
    /// words and uniforms, for several seeds (0 included: GSL's 4357). Only taus2 takes the inline step.
    @Test(arguments: [UInt32(0), 1, 4357, 123_456_789, .max])
    func inlineTausStepIsGSLs(_ seed: UInt32) {
        let a = RandomStream(kind: .taus2, seed: seed), b = RandomStream(kind: .taus2, seed: seed)
        #expect(a.ref.inlineTaus)
        var differing = 0
        for _ in 0..<1_000_000 where a.ref.next() != gsl_rng_get(b.ref.rng) { differing += 1 }
        for _ in 0..<1_000_000 where a.ref.uniform() != gsl_rng_uniform(b.ref.rng) { differing += 1 }
        #expect(differing == 0)
        #expect(!RandomStream(kind: .mt19937, seed: seed).ref.inlineTaus)
    }

    /// The hypergeometric draw with inline uniforms is GSL's: on twin streams it gives
    /// `gsl_ran_hypergeometric`'s count and leaves the stream where GSL leaves it, over both of GSL's
    /// branches (draws below and above half the items), the early stop when every good item is drawn,
    /// and draws of every item.
    @Test func inlineHypergeometricIsGSLs() {
        let a = RandomStream(kind: .taus2, seed: 8), b = RandomStream(kind: .taus2, seed: 8), pick = RandomStream(kind: .taus2, seed: 9)
        var differing = 0
        for trial in 0..<20_000 {
            let good = 1 + pick.ref.uniformInt(trial % 3 == 0 ? 5 : 400), bad = 1 + pick.ref.uniformInt(400)
            let draws = trial % 50 == 0 ? good + bad : 1 + pick.ref.uniformInt(good + bad)
            let mine = a.ref.hypergeometric(good: good, bad: bad, draws: draws)
            let gsl = Int(gsl_ran_hypergeometric(b.ref.rng, UInt32(good), UInt32(bad), UInt32(draws)))
            if mine != gsl || a.ref.next() != gsl_rng_get(b.ref.rng) { differing += 1 }
        }
        #expect(differing == 0)
    }

    /// `uniformInt` with the inline step is `gsl_rng_uniform_int`, for small, odd, large and
    /// near-2^32 bounds (where GSL's rejection of quotients ≥ n is frequent).
    @Test(arguments: [1, 2, 3, 7, 1_000, 65_537, 3_000_000_019, 4_294_967_295])
    func inlineUniformIntIsGSLs(_ n: Int) {
        let a = RandomStream(kind: .taus2, seed: 21), b = RandomStream(kind: .taus2, seed: 21)
        var differing = 0
        for _ in 0..<200_000 where a.ref.uniformInt(n) != Int(gsl_rng_uniform_int(b.ref.rng, UInt(n))) { differing += 1 }
        #expect(differing == 0 && a.ref.next() == gsl_rng_get(b.ref.rng))
    }

    @Test func sameSeedSameSequence() {
        let a = RandomStream(kind: .taus2, seed: 99), b = RandomStream(kind: .taus2, seed: 99)
        for _ in 0..<1000 { #expect(a.ref.normal() == b.ref.normal()) }
    }
}

@Suite struct BinomialTests {
    /// Exact pmf by logs.
    func pmf(_ k: Int, _ n: Int, _ p: Double) -> Double {
        exp(lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1)) + Double(k) * log(p) + Double(n - k) * log1p(-p))
    }

    /// Pearson chi-square against the exact law; cells with expected count < 5 pooled into the tail.
    /// Acceptance: below the 99.9% point of χ² with the cell count − 1 degrees of freedom
    /// (Wilson–Hilferty), so a correct sampler fails one time in a thousand per case; the seeds are fixed.
    static let cases = [(3500, 0.001), (1375, 0.004), (50, 0.3), (750, 0.012), (5000, 0.01), (20, 0.9), (200_000, 0.05), (3500, 0.0082), (1000, 0.0305)]

    @Test(arguments: cases)
    func matchesExactDistribution(_ n: Int, _ p: Double) {
        checkLaw(n, p) { $0.binomial(n, p) }
    }

    /// The prepared draw of a conditional PD (from `log p` and `log(1 − p)`) follows the same law.
    @Test(arguments: cases)
    func preparedDrawMatchesExactDistribution(_ n: Int, _ p: Double) {
        let draw = BinomialDraw(n: n, logP: log(p), logQ: log1p(-p), exp: .shared)
        #expect(abs(draw.successProbability - p) <= 1e-15 * max(p, 1 - p))
        checkLaw(n, p) { $0.binomial(draw) }
    }

    /// From the table's `log Φ(±x)`, the engine's draws are `binomial(n, Φ(x))`'s draws, one for one:
    /// the same algorithm on the same uniforms, with constants equal to about 1e-14.
    @Test(arguments: [(3500, -2.9), (1375, -2.4), (750, -1.6), (40, 0.3), (22_500, -3.3), (3000, -1.2)])
    func preparedDrawsEqualTheDirectDraws(_ n: Int, _ x: Double) {
        let table = LogPhiTable.shared
        let draw = BinomialDraw(n: n, logP: table(x), logQ: table(-x), exp: .shared)
        let a = RandomStream(kind: .taus2, seed: 99), b = RandomStream(kind: .taus2, seed: 99)
        var differing = 0
        for _ in 0..<100_000 where a.ref.binomial(draw) != b.ref.binomial(n, Normal.cdf(x)) { differing += 1 }
        #expect(differing == 0)
    }

    /// Draws from `BinomialRows` are the direct draws' numbers, for every n the rows serve and past them
    /// (the direct draw), with p above and below ½, small and certain; and the rows stop where BTPE starts.
    @Test(arguments: [0.6, 0.5, 0.3, 0.002, 0.97, 0, 1])
    func rowDrawsEqualTheDirectDraws(_ p: Double) {
        let law = BinomialLaw(p), limit = 64
        let maxN = BinomialRows.maxN(law, limit: limit)
        if p > 0 && p < 1 {
            #expect(maxN == min(limit, Int((30 / -law.logQ).rounded(.up)) - 1), "the rows end where inversion does")
        } else {
            #expect(maxN == 0)
        }
        let memory = UnsafeMutableBufferPointer<Double>.allocate(capacity: BinomialRows.count(maxN: maxN))
        defer { memory.deallocate() }
        let rows = BinomialRows(law, maxN: maxN, into: memory)
        let a = RandomStream(kind: .taus2, seed: 41), b = RandomStream(kind: .taus2, seed: 41)
        var differing = 0
        for n in 0...(maxN + 3) {
            for _ in 0..<2_000 where a.ref.binomial(n, law, rows: rows) != b.ref.binomial(n, law) { differing += 1 }
        }
        #expect(differing == 0)
    }

    func checkLaw(_ n: Int, _ p: Double, draw: (StreamRef) -> Int) {
        let draws = 200_000
        let s = RandomStream(kind: .taus2, seed: 12345)
        var counts = [Int: Int]()
        var sum = 0.0
        for _ in 0..<draws {
            let k = draw(s.ref)
            #expect(k >= 0 && k <= n)
            counts[k, default: 0] += 1
            sum += Double(k)
        }
        let mean = Double(n) * p
        let se = (mean * (1 - p) / Double(draws)).squareRoot()
        #expect(abs(sum / Double(draws) - mean) < 4 * se, "mean within 4 SE")
        var chi2 = 0.0, cells = 0, pooledObs = 0, pooledExp = 0.0
        let lo = max(0, Int(mean - 12 * (mean * (1 - p)).squareRoot()) - 2)
        let hi = min(n, Int(mean + 12 * (mean * (1 - p)).squareRoot()) + 2)
        var covered = 0.0
        for k in lo...hi {
            let e = Double(draws) * pmf(k, n, p)
            covered += e
            let o = counts[k] ?? 0
            if e < 5 { pooledObs += o; pooledExp += e; continue }
            chi2 += (Double(o) - e) * (Double(o) - e) / e
            cells += 1
        }
        pooledExp += Double(draws) - covered
        pooledObs += draws - (lo...hi).reduce(0) { $0 + (counts[$1] ?? 0) }
        if pooledExp > 0 {
            chi2 += (Double(pooledObs) - pooledExp) * (Double(pooledObs) - pooledExp) / pooledExp
            cells += 1
        }
        let df = Double(cells - 1)
        let z999 = 3.090232306167813
        let critical = df * pow(1 - 2 / (9 * df) + z999 * (2 / (9 * df)).squareRoot(), 3)
        #expect(chi2 < critical, "χ² = \(chi2) on \(df) df")
    }

    @Test func edgeCases() {
        let s = RandomStream(kind: .taus2, seed: 1)
        #expect(s.ref.binomial(0, 0.5) == 0)
        #expect(s.ref.binomial(10, 0) == 0)
        #expect(s.ref.binomial(10, 1) == 10)
        #expect(s.ref.hypergeometric(good: 5, bad: 0, draws: 3) == 3)
    }
}

@Suite struct NormalAndFactorTests {
    @Test func normalCDFKnownValues() {
        #expect(Normal.cdf(0) == 0.5)
        #expect(abs(Normal.cdf(-1.959963984540054) - 0.025) < 1e-15)
        // Φ(−8) = 6.22096057427178e-16: relative accuracy in the far tail.
        #expect(abs(Normal.cdf(-8) / 6.22096057427178e-16 - 1) < 1e-12)
        for x in stride(from: -6.0, through: 6.0, by: 0.37) {
            #expect(abs(Normal.cdf(Normal.quantile(Normal.cdf(x))) - Normal.cdf(x)) < 1e-14)
        }
    }

    @Test func stepPDCompoundsToTheAnnualPD() {
        let q = ConditionalPD.stepPD(annual: 0.05, months: 1)
        #expect(abs(1 - pow(1 - q, 12) - 0.05) < 1e-15)
        #expect(ConditionalPD.stepPD(annual: 0.05, months: 12) == 0.05 || abs(ConditionalPD.stepPD(annual: 0.05, months: 12) - 0.05) < 1e-16)
    }

    /// Averaging the conditional PD over Z ~ N(0,1) gives back q (Gauss–Hermite-free check by a fine grid).
    @Test func conditionalPDAveragesToUnconditional() {
        let model = ConditionalPD(macroLoading: 0.4, sectorLoading: 0.3)
        let q = 0.02, c = Normal.quantile(q)
        // One factor integrated on a grid; sector fixed at 0 changes the loading: use a² + b² form.
        let single = ConditionalPD(macroLoading: (0.4 * 0.4 + 0.3 * 0.3).squareRoot())
        var avg = 0.0
        let h = 0.001
        for z in stride(from: -9.0, through: 9.0, by: h) { avg += single.probability(threshold: c, macro: z) * Normal.density(z) * h }
        #expect(abs(avg - q) < 1e-9)
        #expect(model.idiosyncraticScale == (1 - 0.16 - 0.09).squareRoot())
    }

    /// AR(1) is stationary N(0,1): sample variance of a long path within 4 SE of 1.
    @Test func ar1IsStationary() {
        let f = AR1Factor(phi: 0.95)
        let s = RandomStream(kind: .taus2, seed: 7)
        var z: Double? = nil
        var sum = 0.0, sum2 = 0.0
        let n = 400_000
        for _ in 0..<n {
            z = f.next(previous: z, innovation: s.ref.normal())
            sum += z!
            sum2 += z! * z!
        }
        let variance = sum2 / Double(n) - (sum / Double(n)) * (sum / Double(n))
        // Effective sample size of an AR(1): n (1 − φ²)/(1 + φ²); SE of the variance ≈ √(2/n_eff).
        let nEff = Double(n) * (1 - 0.95 * 0.95) / (1 + 0.95 * 0.95)
        #expect(abs(variance - 1) < 4 * (2 / nEff).squareRoot())
    }

    @Test func vasicekQuantileInvertsCDF() {
        let v = Vasicek(pd: 0.05, rho: 0.2)
        for a in [0.01, 0.1, 0.5, 0.9, 0.99, 0.999] { #expect(abs(v.cdf(v.quantile(a)) - a) < 1e-12) }
    }
}

@Suite struct CappedLogNormalTests {
    @Test func cappedMeanMatchesMonteCarlo() {
        let size = CappedLogNormal(median: 500, sigma: 0.8, cap: 2000)
        let s = RandomStream(kind: .taus2, seed: 3)
        let n = 400_000
        var sum = 0.0, sum2 = 0.0
        for _ in 0..<n {
            let x = size.value(normal: s.ref.normal())
            #expect(x <= 2000)
            sum += x
            sum2 += x * x
        }
        let mean = sum / Double(n)
        let se = ((sum2 / Double(n) - mean * mean) / Double(n)).squareRoot()
        #expect(abs(mean - size.mean) < 4 * se, "\(mean) vs closed form \(size.mean)")
    }

    @Test func uncappedAndFixedMeans() {
        #expect(abs(CappedLogNormal(median: 100, sigma: 0.5).mean - 100 * exp(0.125)) < 1e-9)
        #expect(CappedLogNormal(median: 300, sigma: 0, cap: 200).mean == 200)
        // The cap shortcut and the formula agree at the boundary.
        let s = CappedLogNormal(median: 500, sigma: 0.8, cap: 2000)
        #expect(s.value(normal: s.capNormal) == 2000)
        #expect(abs(s.value(normal: s.capNormal - 1e-12) - 2000) < 1e-6)
    }
}

/// Restarting a set of generators from new seeds gives the words of generators allocated with them.
@Suite struct ReseedTests {
    @Test(arguments: [GeneratorKind.taus2, .mt19937])
    func reseedIsAFreshStart(_ kind: GeneratorKind) {
        let set = RandomStreamSet(kind: kind, seeds: [1, 2, 3])
        for _ in 0..<1000 { _ = set[1].next() }
        set.reseed([11, 4357, 0xFFFF_FFFF])
        let fresh = RandomStreamSet(kind: kind, seeds: [11, 4357, 0xFFFF_FFFF])
        for i in 0..<3 {
            for _ in 0..<100 { #expect(set[i].next() == fresh[i].next()) }
        }
    }
}

