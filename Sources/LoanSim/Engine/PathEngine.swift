import Foundation
import RiskModel

/// Simulates paths, one after another, for one block of paths (docs/model.md §3.3–3.6).
///
/// Within a step the order is §3.6's: years open (refills, per-bank-year allowances), top-ups,
/// interest and fees; factor draw; defaults (one conditional binomial per cohort, allocated to the
/// cohort's loan groups without replacement, amounts drawn at default, losses shared among the parties);
/// IP recoveries arriving (returned pro rata: clawback); claims due this step filed with each pool
/// (caps, breaker denials, shortfall rule); payments; circuit breakers; maturities and originations.
///
/// Random streams (a `RandomStreamSet` per block, restarted on every path, see `StreamLayout`): the macro factor and each sector
/// factor have their own stream, drawing exactly one normal per step, so scenarios with the same
/// horizon and seed share their factor paths. Each cohort has a stream for defaults, loss amounts and
/// recoveries, and one for lending decisions.
///
/// The workspace is allocated once per block; the path loop allocates only each path's outcome arrays.
/// Not copyable: its state lives in buffers of its own (`EngineMemory`), which a copy would share.
struct PathEngine: ~Copyable {
    let model: CompiledScenario
    /// The buffers of the state below (`EngineMemory`): freed with the engine, never handed out.
    let memory = EngineMemory()
    /// The cohorts' loan-size samplers as views that hold no reference count (nil: a fixed size): engines
    /// on several threads would otherwise contend for the shared samplers' counts on every default.
    let sizeViews: [InversionSampler.View?]
    /// The model's tables the defaults phase reads, in this engine's own buffers (see `HotTables`).
    let hot: HotTables
    /// `log Φ` and `exp` for the conditional PDs' binomial draws, inlined (see `LogPhiTable`).
    let logPhi = LogPhiTable.shared
    let fastExp = FastExp.shared
    /// The step's prepared default draw per cohort, and each cohort's sector factor index (−1: none).
    let defaultDraws: UnsafeMutableBufferPointer<BinomialDraw>
    /// The conditional PDs' intermediate values per cohort (`prepareDefaultDraws`).
    let pdScratch: (x: UnsafeMutableBufferPointer<Double>, logP: UnsafeMutableBufferPointer<Double>, logQ: UnsafeMutableBufferPointer<Double>)
    /// The city's funds on this path, and their classes' failure, exit and round probabilities in the step.
    var funds: [FundPortfolio]
    var fundRates: FundStepRates
    let cohortSectorFactor: [Int]
    let sampling: Sampling
    let layout: StreamLayout
    let bankCount: Int
    let cohortCount: Int
    let poolCount: Int
    /// Hoisted facts about the scenario, so the step loop skips what it does not need.
    let hasIP: Bool
    let hasLinkage: Bool
    let needsYearState: Bool
    /// No cohort originates, renews or has loans maturing within the horizon (B1's book).
    let staticBook: Bool
    /// Each bank's initial programme balance (the same on every path).
    let initialBankOutstanding: [Double]

    let books: UnsafeMutableBufferPointer<LoanBook>
    let idle: UnsafeMutableBufferPointer<Int>
    let entrantCarry: UnsafeMutableBufferPointer<Double>
    let bankCarry: UnsafeMutableBufferPointer<Double>
    let allot: UnsafeMutableBufferPointer<Int>
    let pools: UnsafeMutableBufferPointer<PoolLedger>
    var claims: ClaimPipeline
    var recoveries: RecoveryPipeline
    /// The circuit breakers' statistics and actions (Programme/CircuitBreaker).
    var breakers: CircuitBreakers
    var ledgers: BankLedgers
    let guarantorAllowance: UnsafeMutableBufferPointer<Double>
    let deniedThisStep: UnsafeMutableBufferPointer<Bool>
    let sectorZ: UnsafeMutableBufferPointer<Double>
    let positions: UnsafeMutableBufferPointer<Int>
    var schemeClaim: [Double]
    var poolPart: [Double]
    let groupPool: UnsafeMutableBufferPointer<Double>
    /// The fast path's defaults of the step, summed per class of claims and booked once (see `StepBookings`).
    var stepBookings: StepBookings
    /// This path's default thresholds, macro loadings and scales (`PathParameters`).
    var params: PathParameters
    /// Running totals for the figures by year and at the record's dates (`RecordKeeping`).
    var records: RecordKeeping
    /// Live linked firms per cohort (invest-loan linkage).
    let linked: UnsafeMutableBufferPointer<Int>
    /// Who the loans go to: first-time borrowers, renewals, returning borrowers.
    var reach: ReachLedger
    /// The loan tape's live book on this path (nil: no tape), and its per-step scratch.
    let tapeLedger: TapeLedger?
    var tapeScratch: TapeScratch
    /// This step's copula mixing `s = √(W/ν)` the default and exit thresholds are multiplied by (1: Gaussian).
    var mixing = 1.0
    /// Importance sampling's design, shift and this path's score and weight (`PathWeighting`).
    var weighting: PathWeighting
    /// Each cohort's output sector (`Scenario.outputSectors`; −1: none) and the number of such sectors.
    let cohortSector: [Int]
    let sectorCount: Int
    /// Each cohort's per-step demand and renewal probabilities, prepared for binomial draws.
    let demandLaw: [BinomialLaw]
    let renewalLaw: [BinomialLaw]
    /// The renewal draws' inversion probabilities for groups of up to `renewalRowsLimit` loans (`BinomialRows`).
    let renewalRows: UnsafeMutableBufferPointer<BinomialRows>
    static let renewalRowsLimit = 64

    /// Above this many defaults in a step, a cohort's defaults are spread over its groups by sequential
    /// hypergeometric draws instead of drawing distinct positions.
    static let positionLimit = 16

    init(model: CompiledScenario) {
        self.model = model
        sizeViews = model.sizeSamplers.map { $0?.view }
        hot = HotTables(model)
        sampling = model.scenario.sampling
        weighting = PathWeighting(model.importance)
        layout = StreamLayout(model)
        bankCount = model.bankShares.count
        cohortCount = model.cohorts.count
        poolCount = model.pools.count
        hasIP = model.cohorts.contains { $0.ip != nil }
        hasLinkage = model.linkage != nil
        staticBook = model.cohorts.allSatisfy { c in
            !c.eligible || (c.demandPerStep == 0 && c.entrantsPerStep == 0 && c.termSteps > model.stepCount)
        }
        var initial = [Double](repeating: 0, count: model.bankShares.count)
        for cohort in model.cohorts where cohort.eligible {
            for (b, n) in Apportion.largestRemainder(cohort.initialBorrowers, shares: model.bankShares).enumerated() {
                initial[b] += Double(n) * cohort.meanSize
            }
        }
        let tape = model.tape.map { TapeLedger($0, banks: model.bankShares.count) }
        for b in initial.indices { initial[b] += tape?.sum(bank: b, .balance) ?? 0 }
        tapeLedger = tape
        tapeScratch = TapeScratch(model)
        initialBankOutstanding = initial
        sectorCount = model.sectorNames.count
        cohortSector = model.cohortSector
        needsYearState = model.perBankYearCap != nil || model.cohorts.contains { $0.guarantorPayoutCap >= 0 }
        // One group per bank and step lives at most `term` steps (the initial book's too): see `LoanBook`.
        let memory = memory, banks = model.bankShares.count
        books = memory.buffer(model.cohorts.map {
            LoanBook(banks: banks, meanSize: $0.meanSize, amortisingTerm: $0.amortising ? $0.termSteps : nil,
                     maxGroups: banks * (min($0.termSteps, model.stepCount + 1) + 1), memory: memory)
        })
        idle = memory.buffer(cohortCount, 0)
        entrantCarry = memory.buffer(cohortCount, 0.0)
        bankCarry = memory.buffer(cohortCount * bankCount, 0.0)
        allot = memory.buffer(cohortCount * bankCount, 0)
        pools = memory.buffer(Array(repeating: PoolLedger(), count: poolCount))
        claims = ClaimPipeline(lagSteps: model.maxClaimLagSteps, pools: poolCount, banks: bankCount, memory: memory)
        recoveries = RecoveryPipeline(maxLagSteps: model.maxRecoveryLagSteps, pools: poolCount, banks: bankCount, memory: memory)
        breakers = CircuitBreakers(model.breakers, stepMonths: model.stepMonths, banks: bankCount, memory: memory)
        ledgers = BankLedgers(banks: bankCount, pools: poolCount, memory: memory)
        reach = ReachLedger(cohorts: cohortCount, banks: bankCount, memory: memory)
        demandLaw = model.cohorts.map { BinomialLaw($0.demandPerStep) }
        renewalLaw = model.cohorts.map { BinomialLaw($0.renewalProbability) }
        renewalRows = memory.buffer(renewalLaw.map { law in
            let n = BinomialRows.maxN(law, limit: Self.renewalRowsLimit)
            return BinomialRows(law, maxN: n, into: memory.buffer(BinomialRows.count(maxN: n), 0.0))
        })
        guarantorAllowance = memory.buffer(cohortCount, Double.infinity)
        deniedThisStep = memory.buffer(poolCount, false)
        sectorZ = memory.buffer(model.sectors.count, 0.0)
        positions = memory.buffer(Self.positionLimit, 0)
        schemeClaim = Array(repeating: 0, count: max(1, model.schemeCount))
        poolPart = Array(repeating: 0, count: poolCount)
        groupPool = memory.buffer(poolCount, 0.0)
        stepBookings = StepBookings(model, memory: memory)
        linked = memory.buffer(cohortCount, 0)
        defaultDraws = memory.buffer(cohortCount, BinomialDraw())
        pdScratch = (memory.buffer(cohortCount, 0.0), memory.buffer(cohortCount, 0.0), memory.buffer(cohortCount, 0.0))
        funds = model.funds.map { FundPortfolio($0, steps: model.stepCount, banks: model.bankShares.count) }
        fundRates = FundStepRates(model)
        cohortSectorFactor = model.cohorts.map(\.sectorIndex)
        params = PathParameters(model)
        records = RecordKeeping(model, memory: memory)
    }

    /// Number of `Float`s `run` writes per path: balance, unpaid claims and outstanding, by step.
    static func seriesLength(_ model: CompiledScenario) -> Int { SeriesStore.names.count * model.stepCount }

    /// Simulates one path. `series` receives `SeriesStore.names.count × stepCount` values, series-major.
    mutating func run(_ rng: borrowing RandomStreamSet, series: UnsafeMutablePointer<Float>) -> PathOutcome {
        let m = model
        let steps = m.stepCount
        var out = PathOutcome()
        out.pools = Array(repeating: PoolOutcome(), count: poolCount)
        out.bankFirstSuspension = Array(repeating: -1, count: bankCount)
        if sectorCount > 0 { out.bySector = Array(repeating: 0, count: sectorCount * SectorFigure.allCases.count) }
        resetPath(&out, rng: rng)
        weighting.drawWeight = 1
        if let design = weighting.design, design.plainShare > 0 { weighting.shiftedPath = rng[layout.macro].uniform() >= design.plainShare }
        if let draws = m.parameterDraws { out.parameterDraw = drawParameters(draws, rng: rng[layout.parameters]) }
        out.checkpoints = Array(repeating: 0, count: m.scenario.record.count)
        out.budgetByYear = Array(repeating: 0, count: m.years * BudgetFlow.allCases.count)
        out.poolCostByYear = Array(repeating: 0, count: m.years * poolCount)
        for k in records.budgetBefore.indices { records.budgetBefore[k] = 0 }
        for p in records.poolCostBefore.indices { records.poolCostBefore[p] = 0 }

        var z = 0.0
        weighting.importanceScore = 0
        if weighting.recordInnovations { weighting.innovations.removeAll(keepingCapacity: true) }
        var fiscalBefore = 0.0
        for t in 0..<steps {
            openStep(t)
            z = drawFactors(step: t, previous: z, rng: rng)
            let zEff = (m.macroPath?[t] ?? z) + m.macroShift[t]
            drawDefaults(step: t, z: zEff, rng: rng, out: &out)
            if tapeLedger != nil { drawTapeDefaults(step: t, z: zEff, rng: rng[layout.tape], out: &out) }
            if !funds.isEmpty { fundStep(step: t, z: zEff, rng: rng, out: &out) }
            receiveRecoveries(step: t, out: &out)
            fileClaims(step: t, out: &out)
            payClaims(step: t, out: &out)
            if !breakers.isEmpty { evaluateBreakers(step: t, out: &out) }
            accrue(step: t, out: &out)
            let outstanding = matureAndOriginate(step: t, rng: rng, out: &out)
            fiscalBefore = recordStep(t, outstanding: outstanding, fiscalBefore: fiscalBefore, series: series, out: &out)
        }
        finishFunds(&out)
        finish(&out)
        if let design = weighting.design {
            out.importanceScore = weighting.importanceScore
            out.weight = design.weight(score: weighting.importanceScore, drawWeight: weighting.drawWeight)
            if weighting.recordInnovations { out.macroInnovations = weighting.innovations }
        }
        return out
    }

    /// Start of step `t`: a new year's refills and allowances; each pool's top-up, interest and fees.
    mutating func openStep(_ t: Int) {
        let m = model
        if (t * m.stepMonths) % 12 == 0 { openYear(step: t) }
        for p in 0..<poolCount {
            let cp = m.pools[p]
            pools[p].openStep(topUp: m.poolTopUp[t * poolCount + p], interestRate: cp.interestPerStep, feeRate: cp.feePerStep)
            deniedThisStep[p] = false
        }
        ledgers.openStep()
    }

    /// Step `t`'s macro factor (returned) and sector factors: one normal each from its own stream; under
    /// a t copula, the step's mixing from its own stream.
    mutating func drawFactors(step t: Int, previous z: Double, rng: borrowing RandomStreamSet) -> Double {
        let m = model
        for k in 0..<sectorZ.count {
            sectorZ[k] = m.sectors[k].next(previous: t == 0 ? nil : sectorZ[k], innovation: rng[layout.sector(k)].normal())
        }
        if !m.copula.isGaussian { mixing = m.copula.mixing(rng[layout.copula]) }
        var eta = rng[layout.macro].normal()
        if let importance = weighting.importance {
            if weighting.shiftedPath { eta += importance.shifts[t] }
            weighting.importanceScore += importance.direction[t] * eta
            if weighting.recordInnovations { weighting.innovations.append(eta) }
        }
        return m.macro.next(previous: t == 0 ? nil : z, innovation: eta)
    }

    /// Each pool pays its queue (FIFO or pro rata); a claim left unpaid marks the pool depleted.
    mutating func payClaims(step t: Int, out: inout PathOutcome) {
        if !breakers.isEmpty { ledgers.markPaymentsBefore() }
        for p in 0..<poolCount {
            pools[p].payQueue(model.pools[p].shortfall, paidByBank: &ledgers.compensationPaid)
            if (pools[p].hasQueued || deniedThisStep[p]) && out.pools[p].depletionStep < 0 { out.pools[p].depletionStep = t }
        }
    }

    /// End of step `t`: the series (balance, unpaid claims, outstanding), the discounted fiscal cost
    /// and the record's checkpoints. Returns the fiscal cost so far.
    mutating func recordStep(_ t: Int, outstanding: Double, fiscalBefore: Double, series: UnsafeMutablePointer<Float>,
                             out: inout PathOutcome) -> Double {
        let steps = model.stepCount
        var balance = 0.0, unpaid = 0.0
        for p in 0..<poolCount {
            balance += pools[p].balance
            unpaid += pools[p].queued
        }
        let fiscalNow = fiscalCostSoFar(out)
        out.fiscalCostPV += (fiscalNow - fiscalBefore) * model.discount[t]
        if !model.scenario.record.isEmpty { recordCheckpoints(step: t, out: &out) }
        recordBudgetYear(step: t, out: &out)
        series[t] = Float(balance)
        series[steps + t] = Float(unpaid)
        series[2 * steps + t] = Float(outstanding)
        return fiscalNow
    }

    mutating func resetPath(_ out: inout PathOutcome, rng: borrowing RandomStreamSet) {
        let m = model
        for p in 0..<poolCount { pools[p].reset(initial: m.pools[p].initial) }
        claims.reset()
        for i in records.loansFiledByStep.indices { records.loansFiledByStep[i] = 0 }
        records.loansFiledSoFar = 0
        recoveries.reset()
        breakers.resetPath()
        for i in bankCarry.indices { bankCarry[i] = 0 }
        ledgers.resetPath()
        for f in funds.indices { funds[f].reset(years: m.years) }
        if let tape = tapeLedger {
            tape.reset()
            out.initialLoans += Double(tape.tape.count)
            startTapeLinkage(&out)
        }
        for c in 0..<cohortCount {
            books[c].reset()
            entrantCarry[c] = 0
            linked[c] = 0
            let cohort = m.cohorts[c]
            out.firmPopulation[cohort.firmType] += Double(cohort.firms)
            guard cohort.eligible else {
                idle[c] = 0
                reach.untouched[c] = 0
                continue
            }
            idle[c] = cohort.firms - cohort.initialBorrowers
            reach.untouched[c] = idle[c]
            out.distinctFirms[cohort.firmType] += Double(cohort.initialBorrowers)
            let split = Apportion.largestRemainder(cohort.initialBorrowers, shares: m.bankShares)
            for b in 0..<bankCount { books[c].append(bank: b, start: 0, count: split[b]) }
            out.initialLoans += Double(cohort.initialBorrowers)
            if let l = m.linkage, cohort.linkageShare > 0 {
                linked[c] = rng[layout.linkage(c)].binomial(cohort.initialBorrowers, cohort.linkageShare)
                out.linkedFirms += Double(linked[c])
                out.linkageInvested += Double(linked[c]) * l.cost
            }
        }
    }

    /// Start of a year: pools' refill rules, the per-bank-year compensation allowances (from each bank's
    /// balance now, the end of the prior year) and the guarantors' payout allowances.
    mutating func openYear(step t: Int) {
        let m = model
        if t > 0 { for p in 0..<poolCount { pools[p].openYear(refill: m.pools[p].refill) } }
        guard needsYearState else { return }
        for b in 0..<bankCount { ledgers.outstanding[b] = tapeBalance(bank: b).all + (funds.isEmpty ? 0 : fundLoanBalance(bank: b, at: t)) }
        for c in 0..<cohortCount {
            let cohort = m.cohorts[c]
            var cohortBalance = tapeLedger?.balance(rules: c) ?? 0
            for b in 0..<bankCount {
                let v = books[c].balance(bank: b, at: t)
                ledgers.outstanding[b] += v
                cohortBalance += v
            }
            guarantorAllowance[c] = cohort.guarantorPayoutCap >= 0 ? cohort.guarantorPayoutCap * cohortBalance : .infinity
        }
        if let cap = m.perBankYearCap {
            for p in 0..<poolCount {
                for b in 0..<bankCount { ledgers.yearAllowance[p * bankCount + b] = min(cap.shareOfPriorBalance * ledgers.outstanding[b], cap.amount) }
            }
        }
    }

}
