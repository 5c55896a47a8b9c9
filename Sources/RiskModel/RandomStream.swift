import CGSL
import Foundation

/// GSL generator algorithms LoanSim can run on. `taus2` is the default: about three times faster than
/// `mt19937` here, with a period of about 2^88, ample for one block of paths.
public enum GeneratorKind: String, Sendable, CaseIterable {
    case taus2, mt19937, ranlxd2, ranlux389, gfsr4

    var gslType: UnsafePointer<gsl_rng_type> {
        switch self {
        case .taus2: return loansim_rng_taus2()
        case .mt19937: return loansim_rng_mt19937()
        case .ranlxd2: return loansim_rng_ranlxd2()
        case .ranlux389: return loansim_rng_ranlux389()
        case .gfsr4: return loansim_rng_gfsr4()
        }
    }
}

/// Turns GSL's abort-on-error handler off. Call once at start-up; LoanSim checks ranges itself.
public func gslStartUp() {
    _ = gsl_set_error_handler_off()
}

/// One GSL random number generator: an owned C resource, created inside the task that uses it and
/// never shared or copied. Freed when it goes out of scope; `ref` lends it out for the owner's lifetime.
public struct RandomStream: ~Copyable {
    public let ref: StreamRef

    /// A generator of `kind` seeded with `seed` (a 32-bit GSL seed; see `StreamSeed`).
    public init(kind: GeneratorKind, seed: UInt32) {
        ref = StreamRef(kind: kind, seed: seed)
    }

    deinit { gsl_rng_free(ref.rng) }
}

/// Several generators owned together (one per purpose of a path block), freed together.
public struct RandomStreamSet: ~Copyable {
    public let refs: [StreamRef]

    /// One generator of `kind` per seed.
    public init(kind: GeneratorKind, seeds: [UInt32]) {
        refs = seeds.map { StreamRef(kind: kind, seed: $0) }
    }

    deinit { for r in refs { gsl_rng_free(r.rng) } }

    public subscript(_ i: Int) -> StreamRef { refs[i] }

    /// Restarts every generator from a new seed (`gsl_rng_set`), one per generator in order: the same
    /// state as generators allocated with these seeds.
    public func reseed(_ seeds: [UInt32]) {
        precondition(seeds.count == refs.count, "one seed per generator")
        for (r, s) in zip(refs, seeds) { gsl_rng_set(r.rng, UInt(s)) }
    }

    /// Restarts generator k from `StreamSeed.derive(master, index, purposes[k])`, without building the
    /// seeds' array (a run restarts its streams on every path).
    public func reseed(master: UInt32, index: UInt32, purposes: [UInt32]) {
        precondition(purposes.count == refs.count, "one purpose per generator")
        for k in refs.indices { gsl_rng_set(refs[k].rng, UInt(StreamSeed.derive(master: master, block: index, purpose: purposes[k]))) }
    }
}

/// A borrowed view of a generator owned by a `RandomStream` or `RandomStreamSet`; valid only while
/// its owner lives. Draws advance the owner's state.
public struct StreamRef {
    @usableFromInline let rng: UnsafeMutablePointer<gsl_rng>
    /// A taus2 generator whose step is taken inline (`loansim_taus_get` in the CGSL shim: GSL's own
    /// `taus_get`, copied) instead of through the type's function pointer; set only when this
    /// generator's inline step gave GSL's words (`inlineStepAgrees`).
    @usableFromInline let inlineTaus: Bool

    fileprivate init(kind: GeneratorKind, seed: UInt32) {
        guard let r = gsl_rng_alloc(kind.gslType) else {
            fatalError("gsl_rng_alloc failed: out of memory")
        }
        gsl_rng_set(r, UInt(seed))
        rng = r
        inlineTaus = kind == .taus2 && Self.inlineStepAgrees(r)
    }

    /// Whether the inline taus step gives what `gsl_rng_get` gives on two copies of `r` (which keeps
    /// its state): the state's size, and 64 words.
    static func inlineStepAgrees(_ r: UnsafeMutablePointer<gsl_rng>) -> Bool {
        guard r.pointee.type.pointee.size == MemoryLayout<loansim_taus_state>.size,
              let a = gsl_rng_clone(r), let b = gsl_rng_clone(r) else { return false }
        defer { gsl_rng_free(a); gsl_rng_free(b) }
        for _ in 0..<64 where loansim_taus_get(a.pointee.state) != gsl_rng_get(b) { return false }
        return true
    }

    /// The generator's next raw word (`gsl_rng_get`).
    @inlinable @inline(__always) public func next() -> UInt {
        inlineTaus ? loansim_taus_get(rng.pointee.state) : gsl_rng_get(rng)
    }

    /// Uniform on [0, 1) (`gsl_rng_uniform`).
    @inlinable @inline(__always) public func uniform() -> Double {
        inlineTaus ? loansim_taus_uniform(rng.pointee.state) : gsl_rng_uniform(rng)
    }

    /// Uniform on (0, 1).
    @inlinable public func uniformPositive() -> Double { gsl_rng_uniform_pos(rng) }

    /// Uniform integer on [0, n), n ≥ 1.
    @inlinable public func uniformInt(_ n: Int) -> Int {
        guard inlineTaus, n > 0, n <= 0xFFFF_FFFF else { return Int(gsl_rng_uniform_int(rng, UInt(n))) }
        // gsl_rng_uniform_int's own steps for a generator on [0, 2^32 − 1]: a word divided by
        // ⌊(2^32 − 1)/n⌋, drawn again while the quotient is n or more.
        let scale = UInt(0xFFFF_FFFF) / UInt(n)
        while true {
            let k = loansim_taus_get(rng.pointee.state) / scale
            if k < UInt(n) { return Int(k) }
        }
    }

    /// Standard normal by GSL's ziggurat method (about three times faster than Box–Muller here).
    @inlinable public func normal() -> Double { gsl_ran_gaussian_ziggurat(rng, 1.0) }

    /// Binomial(n, p) count; 0 for n ≤ 0 or p ≤ 0, n for p ≥ 1.
    ///
    /// With `s = min(p, 1−p)` and `−n·log(1 − s)` (a little above the mean `n·s`) below 30 (a month of
    /// defaults in a cohort, typically) this is exact
    /// inversion of the distribution function from one uniform (Kachitvichyanukul & Schmeiser's BINV,
    /// the algorithm GSL itself uses below mean 14), with `q^n` from `exp(n·log1p(−p))` and the
    /// recurrence's `1/x` from a table: about twice as fast as `gsl_ran_binomial` here. A search that
    /// passes 150 restarts with a new uniform (probability below 1e-40 at mean 30). Larger means go to
    /// `gsl_ran_binomial` (BTPE).
    @inlinable public func binomial(_ n: Int, _ p: Double) -> Int { binomial(n, BinomialLaw(p)) }

    /// Binomial(n, p) with the per-p constants computed once (`BinomialLaw`): the same draws as
    /// `binomial(n, p)`, without a `log1p` per call.
    @inlinable public func binomial(_ n: Int, _ law: BinomialLaw) -> Int {
        let p = law.p
        if n <= 0 || p <= 0 { return 0 }
        if p >= 1 { return n }
        let logZero = Double(n) * law.logQ
        let x: Int
        if logZero <= -Self.inversionLimit {
            x = Int(gsl_ran_binomial(rng, law.small, UInt32(truncatingIfNeeded: n)))
        } else {
            x = binomialInversion(n, zeroProbability: FastExp.shared(logZero), odds: law.odds)
        }
        return law.complement ? n - x : x
    }

    /// Binomial(n, p) prepared by `BinomialDraw`: the same law and the same algorithm as `binomial(n, p)`.
    @inlinable public func binomial(_ draw: BinomialDraw) -> Int {
        let n = draw.n
        if n <= 0 || draw.odds <= 0 { return 0 }
        let x: Int
        if draw.logZero <= -Self.inversionLimit {
            x = Int(gsl_ran_binomial(rng, exp(draw.logSmall), UInt32(truncatingIfNeeded: n)))
        } else {
            x = binomialInversion(n, zeroProbability: draw.zeroProbability, odds: draw.odds)
        }
        return draw.complement ? n - x : x
    }

    /// Inversion from 0 walks about `n·p` steps from `P(0) = (1 − p)^n`; where `−n·log(1 − p)` (a little
    /// above `n·p`) reaches this, GSL's BTPE is used instead. Both are exact: the choice sets which
    /// uniforms are consumed, not the law.
    @usableFromInline static let inversionLimit = 30.0

    /// BINV: the count whose cumulative probability first exceeds one uniform, walking up from
    /// `P(0) = q^n` by `P(x) = P(x−1) · (p/q) · (n − x + 1)/x`.
    @inlinable func binomialInversion(_ n: Int, zeroProbability f0: Double, odds s: Double) -> Int {
        let bound = min(n, BinomialTables.bound)
        let reciprocal = BinomialTables.reciprocal
        while true {
            var u = uniform()
            var f = f0
            var x = 0
            while u > f {
                u -= f
                x += 1
                if x > bound { break }
                f *= s * Double(n - x + 1) * reciprocal[x]
            }
            if x <= bound { return x }
        }
    }

    /// Binomial(n, law) for `n ≤ rows.maxN` from the probabilities `binomialInversion` walks, read from
    /// `rows` instead of computed (no exponential, no recurrence): the same draws as `binomial(n, law)`.
    @inlinable public func binomial(_ n: Int, _ law: BinomialLaw, rows: BinomialRows) -> Int {
        guard n <= rows.maxN, n > 0 else { return binomial(n, law) }
        let row = rows.base + n * (n + 1) / 2
        while true {
            var u = uniform()
            var x = 0
            while u > row[x] {
                u -= row[x]
                x += 1
                if x > n { break }
            }
            if x <= n { return law.complement ? n - x : x }
        }
    }

    /// Hypergeometric: successes in `draws` draws without replacement from `good` + `bad` items.
    @inlinable public func hypergeometric(good: Int, bad: Int, draws: Int) -> Int {
        if draws <= 0 || good <= 0 { return 0 }
        if bad <= 0 { return draws }
        guard inlineTaus else { return Int(gsl_ran_hypergeometric(rng, UInt32(good), UInt32(bad), UInt32(draws))) }
        return Int(hypergeometricSequential(UInt32(good), UInt32(bad), UInt32(draws)))
    }

    /// GSL's `gsl_ran_hypergeometric` (randist/hyperg.c) step for step — one uniform per item examined,
    /// over the draws or, when they are most of the items, over the items left behind — with the
    /// uniforms taken inline (`uniform()`): the same numbers without two calls per uniform.
    @inlinable func hypergeometricSequential(_ n1: UInt32, _ n2: UInt32, _ t0: UInt32) -> UInt32 {
        let n = n1 &+ n2
        var a = n1, b = n, k: UInt32 = 0
        let t = min(t0, n)
        let examined = t < n / 2 ? t : n - t
        var i: UInt32 = 0
        while i < examined {
            if Double(b) * uniform() < Double(a) {
                k += 1
                if k == n1 { break }
                a -= 1
            }
            b -= 1
            i += 1
        }
        return t < n / 2 ? k : n1 - k
    }

    /// Bernoulli(p) trial.
    @inlinable public func bernoulli(_ p: Double) -> Bool { uniform() < p }
}

/// A success probability with what binomial inversion needs of it: of the smaller of p and 1 − p
/// (`complement` when that is 1 − p: the draw counts failures), the odds `s/(1−s)` and `log(1−s)`.
public struct BinomialLaw: Sendable {
    public let p: Double
    /// min(p, 1 − p).
    @usableFromInline let small: Double
    @usableFromInline let odds: Double
    @usableFromInline let logQ: Double
    /// p > ½: draw the failures instead.
    @usableFromInline let complement: Bool

    @inlinable public init(_ p: Double) {
        self.p = p
        complement = p > 0.5
        small = complement ? 1 - p : p
        odds = small / (1 - small)
        logQ = log1p(-small)
    }
}

/// One Binomial(n, p) draw's constants from `log p` and `log(1 − p)` (a conditional PD from
/// `LogPhiTable`), with `q^n` and `p/q` from `FastExp` instead of libm's `log1p` and `exp`: the
/// smaller of p and 1 − p (`complement` when that is 1 − p: the draw counts failures), the odds and
/// the probability of zero. Preparing every cohort's draw of a step in one pass, before any is drawn,
/// lets the arithmetic of different cohorts overlap.
public struct BinomialDraw: Sendable {
    public var n: Int
    /// `log min(p, 1 − p)`; the success probability is `complement ? 1 − p : p`.
    public var logSmall: Double
    public var complement: Bool
    @usableFromInline var odds: Double
    /// `n · log max(p, 1 − p)` and its exponential, the probability of no success (of the smaller side).
    @usableFromInline var logZero: Double
    @usableFromInline var zeroProbability: Double

    public init() { n = 0; logSmall = -.infinity; complement = false; odds = 0; logZero = 0; zeroProbability = 1 }

    /// Two exponentials: the odds and `P(0)`; `p` itself only when asked for.
    @inlinable @inline(__always) public init(n: Int, logP: Double, logQ: Double, exp: FastExp) {
        self.n = n
        complement = logP > logQ
        let small = complement ? logQ : logP, large = complement ? logP : logQ
        logSmall = small
        odds = exp(small - large)
        logZero = Double(n) * large
        zeroProbability = exp(logZero)
    }

    /// The success probability.
    @inlinable public var successProbability: Double {
        let p = Foundation.exp(logSmall)
        return complement ? 1 - p : p
    }
}

/// The probabilities binomial inversion walks for one law and every n up to `maxN`, computed once as
/// `StreamRef.binomialInversion` computes them (`P(0)` by `FastExp`, then its recurrence), so a draw
/// from them is the same number: row n (`P(0)…P(n)`) starts at `n(n+1)/2`. `maxN` stops below 150 and
/// where GSL's BTPE would take over. The caller owns the memory (`count(maxN:)` numbers).
public struct BinomialRows: @unchecked Sendable {
    public let base: UnsafePointer<Double>
    public let maxN: Int

    /// The largest n the rows can serve for `law`, at most `limit`: 0 where the law is certain.
    public static func maxN(_ law: BinomialLaw, limit: Int) -> Int {
        guard law.p > 0, law.p < 1 else { return 0 }
        var n = 0
        while n < min(limit, BinomialTables.bound) && Double(n + 1) * law.logQ > -StreamRef.inversionLimit { n += 1 }
        return n
    }

    /// Numbers the rows of n = 0…maxN take.
    public static func count(maxN: Int) -> Int { (maxN + 1) * (maxN + 2) / 2 }

    /// Writes `law`'s rows for n = 0…maxN (`maxN ≤ BinomialRows.maxN(law, …)`) into `memory`.
    public init(_ law: BinomialLaw, maxN: Int, into memory: UnsafeMutableBufferPointer<Double>) {
        precondition(memory.count >= Self.count(maxN: maxN) && maxN <= Self.maxN(law, limit: maxN))
        for n in 0...maxN {
            let row = n * (n + 1) / 2
            var f = FastExp.shared(Double(n) * law.logQ)
            memory[row] = f
            for x in stride(from: 1, through: n, by: 1) {
                f *= law.odds * Double(n - x + 1) * BinomialTables.reciprocal[x]
                memory[row + x] = f
            }
        }
        base = UnsafePointer(memory.baseAddress!)
        self.maxN = maxN
    }
}

/// `1/x` for the binomial inversion's recurrence, x = 1…bound.
@usableFromInline enum BinomialTables {
    @usableFromInline static let bound = 150
    @usableFromInline static let reciprocal: [Double] = (0...bound).map { $0 == 0 ? 0 : 1 / Double($0) }
}
