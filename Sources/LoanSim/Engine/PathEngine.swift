import RiskModel

/// Simulates paths, one after another, for one block of paths (§3.3–3.6).
///
/// Within a step the order is MODEL.md §3.6's: top-up, interest and fee; factor draw; defaults (one
/// conditional binomial per cohort, allocated to the cohort's loan groups without replacement, amounts
/// drawn at default); claims due this step join the FIFO queue; payments; circuit breakers;
/// maturities and originations.
///
/// Random streams (a `RandomStreamSet` per block, see `StreamLayout`): the macro factor and each sector
/// factor have their own stream, drawing exactly one normal per step, so scenarios with the same
/// horizon and seed share their factor paths. Each cohort has a stream for defaults and loss amounts
/// and one for lending decisions.
///
/// The workspace is allocated once per block; nothing is allocated inside the path loop after the
/// first path.
struct PathEngine {
    let model: CompiledScenario
    let sampling: Sampling
    let layout: StreamLayout
    let bankCount: Int
    let cohortCount: Int
    let claimSlots: Int

    var books: [LoanBook]
    var idle: [Int]
    var entrantCarry: [Double]
    var bankCarry: [Double]
    var allot: [Int]
    var claimPipe: [Double]
    var overdueRing: [Double]
    var defaultExposureStep: [Double]
    var outstandingByBank: [Double]
    var suspended: [Bool]
    var suspendedSince: [Int]
    var paidByBank: [Double]
    var sectorZ: [Double]
    var positions: [Int]
    var pool = PoolLedger()

    /// Above this many defaults in a step, a cohort's defaults are spread over its groups by sequential
    /// hypergeometric draws instead of drawing distinct positions.
    static let positionLimit = 16

    init(model: CompiledScenario) {
        self.model = model
        sampling = model.scenario.sampling
        layout = StreamLayout(model)
        bankCount = model.bankShares.count
        cohortCount = model.cohorts.count
        claimSlots = model.claimLagSteps + 1
        books = Array(repeating: LoanBook(), count: cohortCount)
        idle = Array(repeating: 0, count: cohortCount)
        entrantCarry = Array(repeating: 0, count: cohortCount)
        bankCarry = Array(repeating: 0, count: cohortCount * bankCount)
        allot = Array(repeating: 0, count: cohortCount * bankCount)
        claimPipe = Array(repeating: 0, count: claimSlots * bankCount)
        overdueRing = Array(repeating: 0, count: (model.breaker?.windowSteps ?? 1) * bankCount)
        defaultExposureStep = Array(repeating: 0, count: bankCount)
        outstandingByBank = Array(repeating: 0, count: bankCount)
        suspended = Array(repeating: false, count: bankCount)
        suspendedSince = Array(repeating: 0, count: bankCount)
        paidByBank = Array(repeating: 0, count: bankCount)
        sectorZ = Array(repeating: 0, count: model.sectors.count)
        positions = Array(repeating: 0, count: Self.positionLimit)
    }

    /// Number of `Float`s `run` writes per path: balance, unpaid claims and outstanding, by step.
    static func seriesLength(_ model: CompiledScenario) -> Int { SeriesStore.names.count * model.stepCount }

    /// Simulates one path. `series` receives `SeriesStore.names.count × stepCount` values, series-major.
    mutating func run(_ rng: borrowing RandomStreamSet, series: UnsafeMutablePointer<Float>) -> PathOutcome {
        let m = model
        let steps = m.stepCount
        var out = PathOutcome()
        resetPath(&out)

        var z = 0.0
        let macroRng = rng[layout.macro]
        for t in 0..<steps {
            pool.openStep(topUp: m.topUp[t], interestRate: m.interestPerStep, feeRate: m.feePerStep)

            z = m.macro.next(previous: t == 0 ? nil : z, innovation: macroRng.normal())
            let zEff = (m.macroPath?[t] ?? z) + m.macroShift[t]
            for k in 0..<sectorZ.count {
                sectorZ[k] = m.sectors[k].next(previous: t == 0 ? nil : sectorZ[k], innovation: rng[layout.sector(k)].normal())
            }

            for b in 0..<bankCount { defaultExposureStep[b] = 0 }
            for c in 0..<cohortCount where books[c].live > 0 {
                let cohort = m.cohorts[c]
                let s = cohort.sectorIndex >= 0 ? sectorZ[cohort.sectorIndex] : 0
                let k = t * cohortCount + c
                let p = Normal.cdf((m.thresholds[k] - m.macroLoadings[k] * zEff - m.sectorLoadings[k] * s) * m.inverseScales[k])
                let drng = rng[layout.defaults(c)]
                switch sampling {
                case .binomial:
                    let d = drng.binomial(books[c].live, p)
                    if d > 0 { allocateDefaults(d, cohort: c, step: t, rng: drng, out: &out) }
                case .loan:
                    for g in books[c].groupRange {
                        var d = 0
                        for _ in 0..<books[c].count[g] where drng.uniform() < p { d += 1 }
                        if d > 0 { applyDefaults(d, cohort: c, group: g, step: t, rng: drng, out: &out) }
                    }
                }
            }

            let slot = t % claimSlots
            for b in 0..<bankCount {
                let amount = claimPipe[slot * bankCount + b]
                if amount > 0 {
                    pool.queue.file(amount, bank: b)
                    out.claimsFiled += amount
                    claimPipe[slot * bankCount + b] = 0
                }
            }
            pool.payFIFO(paidByBank: &paidByBank)
            if !pool.queue.isEmpty && out.depletionStep < 0 { out.depletionStep = t }

            if let breaker = m.breaker { evaluateBreakers(breaker, step: t, out: &out) }
            let outstanding = matureAndOriginate(step: t, rng: rng, out: &out)

            series[t] = Float(pool.balance)
            series[steps + t] = Float(pool.queue.total)
            series[2 * steps + t] = Float(outstanding)
        }

        out.poolPaid = pool.paid
        out.unpaidClaims = pool.queue.remaining
        out.bankNetLoss = out.grossLoss - out.poolPaid
        out.poolBalanceEnd = pool.balance
        out.topUps = pool.topUps
        out.interest = pool.interest
        out.adminFees = pool.fees
        out.banksSuspendedEnd = Double(suspended.lazy.filter { $0 }.count)
        return out
    }

    private mutating func resetPath(_ out: inout PathOutcome) {
        let m = model
        pool.reset(initial: m.scenario.pool.initialCapital)
        for i in claimPipe.indices { claimPipe[i] = 0 }
        for i in overdueRing.indices { overdueRing[i] = 0 }
        for i in bankCarry.indices { bankCarry[i] = 0 }
        for b in 0..<bankCount {
            suspended[b] = false
            suspendedSince[b] = 0
            paidByBank[b] = 0
        }
        for c in 0..<cohortCount {
            books[c].reset()
            entrantCarry[c] = 0
            let cohort = m.cohorts[c]
            guard cohort.eligible else {
                idle[c] = 0
                continue
            }
            idle[c] = cohort.firms - cohort.initialBorrowers
            let split = Apportion.largestRemainder(cohort.initialBorrowers, shares: m.bankShares)
            for b in 0..<bankCount { books[c].append(bank: b, start: 0, count: split[b]) }
            out.initialLoans += Double(cohort.initialBorrowers)
        }
    }

    /// Spreads `d` defaults of cohort `c` over its groups uniformly without replacement: exact, since
    /// given the factors every live loan of the cohort defaults with the same probability.
    private mutating func allocateDefaults(_ d: Int, cohort c: Int, step t: Int, rng: StreamRef, out: inout PathOutcome) {
        let range = books[c].groupRange
        if range.count == 1 {
            applyDefaults(d, cohort: c, group: range.lowerBound, step: t, rng: rng, out: &out)
            return
        }
        let live = books[c].live
        if d <= Self.positionLimit {
            var k = 0
            while k < d {
                let u = rng.uniformInt(live)
                var seen = false
                for j in 0..<k where positions[j] == u { seen = true; break }
                if seen { continue }
                var j = k
                while j > 0 && positions[j - 1] > u {
                    positions[j] = positions[j - 1]
                    j -= 1
                }
                positions[j] = u
                k += 1
            }
            var g = range.lowerBound
            var end = books[c].count[g]
            var i = 0
            while i < d {
                while positions[i] >= end {
                    g += 1
                    end += books[c].count[g]
                }
                var n = 0
                while i < d && positions[i] < end {
                    n += 1
                    i += 1
                }
                applyDefaults(n, cohort: c, group: g, step: t, rng: rng, out: &out)
            }
        } else {
            var remainingLoans = live
            var remainingDefaults = d
            for g in range where remainingDefaults > 0 {
                let n = books[c].count[g]
                let k = rng.hypergeometric(good: n, bad: remainingLoans - n, draws: remainingDefaults)
                remainingLoans -= n
                remainingDefaults -= k
                if k > 0 { applyDefaults(k, cohort: c, group: g, step: t, rng: rng, out: &out) }
            }
        }
    }

    /// `d` loans of group `g` default in step `t`: draw their sizes, split each loss (§3.6) and route
    /// the claims to the filing step `t + claim lag` (or past the horizon).
    private mutating func applyDefaults(_ d: Int, cohort c: Int, group g: Int, step t: Int, rng: StreamRef, out: inout PathOutcome) {
        let cohort = model.cohorts[c]
        let bank = books[c].bank[g]
        let factor = cohort.outstandingFactor(age: t - books[c].start[g])
        let shares = LossSharing.shares(cohort: cohort, count: d, factor: factor,
                                        lossPerExposure: model.lossPerExposure[t * cohortCount + c], rng: rng)
        let (exposure, recovery, loss, claim) = (shares.exposure, shares.recovery, shares.loss, shares.poolClaim)
        books[c].removeDefaults(d, group: g)
        out.defaults += Double(d)
        out.exposureAtDefault += exposure
        out.recoveries += recovery
        out.grossLoss += loss
        out.bankRetained += loss - claim
        defaultExposureStep[bank] += exposure
        let filing = t + model.claimLagSteps
        if filing < model.stepCount {
            claimPipe[(filing % claimSlots) * bankCount + bank] += claim
        } else {
            out.claimsAfterHorizon += claim
        }
    }
}

/// Which stream of a block's `RandomStreamSet` serves which purpose.
struct StreamLayout {
    let sectors: Int
    let macro = 0
    init(_ m: CompiledScenario) { sectors = m.sectors.count }
    func sector(_ k: Int) -> Int { 1 + k }
    func defaults(_ c: Int) -> Int { 1 + sectors + 2 * c }
    func lending(_ c: Int) -> Int { 2 + sectors + 2 * c }

    /// Seeds for block `block` of a run with `master` seed, in layout order.
    static func seeds(_ m: CompiledScenario, master: UInt32, block: UInt32) -> [UInt32] {
        var purposes = [StreamSeed.purpose("macro")]
        purposes += m.scenario.sectors.map { StreamSeed.purpose("sector/\($0.name)") }
        for c in m.cohorts { purposes += [c.defaultsPurpose, c.lendingPurpose] }
        return purposes.map { StreamSeed.derive(master: master, block: block, purpose: $0) }
    }
}

/// Whole-number splits of a count by shares.
enum Apportion {
    /// Largest-remainder split of `n` by `shares` (summing to 1): floors first, then one more to the
    /// largest fractional parts, ties to the lower index. Deterministic; sums to `n`.
    static func largestRemainder(_ n: Int, shares: [Double]) -> [Int] {
        var base = shares.map { Int((Double(n) * $0).rounded(.down)) }
        var left = n - base.reduce(0, +)
        let order = shares.indices.sorted {
            let fa = Double(n) * shares[$0] - Double(base[$0]), fb = Double(n) * shares[$1] - Double(base[$1])
            return fa != fb ? fa > fb : $0 < $1
        }
        var i = 0
        while left > 0 {
            base[order[i % order.count]] += 1
            left -= 1
            i += 1
        }
        return base
    }
}
