import LoanSimFiles
import Foundation
import RiskModel

/// Simulates paths, one after another, for one block of paths (docs/model.md §3.3–3.6).
///
/// Within a step the phases run in `StepPhase` order (§3.6's): years open (refills, per-bank-year
/// allowances), top-ups, interest and fees; factor draw; defaults (one conditional binomial per cohort,
/// allocated to the cohort's loan groups without replacement, amounts drawn at default, losses shared
/// among the parties); the tape's and the funds' events; recoveries arriving (returned pro rata:
/// clawback); claims due this step filed with each pool (caps, breaker denials); payments (shortfall
/// rule); circuit breakers; accruals; maturities and originations; the step's records.
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
    /// What the defaults phase reads and writes on every group of defaults (`DefaultsWorkspace`).
    var work: DefaultsWorkspace
    /// The city's funds on this path, and their classes' failure, exit and round probabilities in the step.
    var funds: [FundPortfolio]
    var fundRates: FundStepRates
    /// The random streams' layout (`StreamLayout`).
    let layout: StreamLayout
    /// Hoisted facts about the scenario, so the step loop skips what it does not need (`EngineShape`).
    let shape: EngineShape

    /// The cohorts' books and lending state (`LendingState`).
    let lending: LendingState
    let pools: UnsafeMutableBufferPointer<PoolLedger>
    var claims: ClaimPipeline
    var recoveries: RecoveryPipeline
    /// The circuit breakers' statistics and actions (Programme/CircuitBreaker).
    var breakers: CircuitBreakers
    var ledgers: BankLedgers
    /// The per-bank-year cap's allowances (Programme/BankYearCap).
    let bankYearCaps: BankYearAllowances
    /// The guarantors' yearly payout allowances (Programme/OtherParties).
    let guarantors: GuarantorAllowances
    let deniedThisStep: UnsafeMutableBufferPointer<Bool>
    /// The step's sector factors and copula mixing (`StepFactors`).
    var factors: StepFactors
    /// This path's default thresholds, macro loadings and scales (`PathParameters`).
    var params: PathParameters
    /// Running totals for the figures by year and at the record's dates (`RecordKeeping`).
    var records: RecordKeeping
    /// Who the loans go to: first-time borrowers, renewals, returning borrowers.
    var reach: ReachLedger
    /// The loan tape's live book on this path (nil: no tape), and its per-step scratch.
    let tapeLedger: TapeLedger?
    var tapeScratch: TapeScratch
    /// Importance sampling's design, shift and this path's score and weight (`PathWeighting`).
    var weighting: PathWeighting
    /// The phases of a step this scenario uses, in their order (`StepPhase`).
    let phases: [StepPhase]

    init(model: CompiledScenario) {
        self.model = model
        work = DefaultsWorkspace(model, memory: memory)
        weighting = PathWeighting(model.importance)
        layout = StreamLayout(model)
        let tape = model.tape.map { TapeLedger($0, banks: model.bankShares.count) }
        tapeLedger = tape
        tapeScratch = TapeScratch(model)
        shape = EngineShape(model, tape: tape)
        phases = StepPhase.active(tape: tape != nil, funds: !model.funds.isEmpty, breakers: !model.breakers.isEmpty)
        let memory = memory
        lending = LendingState(model, memory: memory)
        pools = memory.buffer(Array(repeating: PoolLedger(), count: shape.poolCount))
        claims = ClaimPipeline(lagSteps: model.maxClaimLagSteps, pools: shape.poolCount, banks: shape.bankCount, memory: memory)
        recoveries = RecoveryPipeline(maxLagSteps: model.maxRecoveryLagSteps, pools: shape.poolCount, banks: shape.bankCount, memory: memory)
        breakers = CircuitBreakers(model.breakers, variants: model.breakerVariants, stepMonths: model.stepMonths, banks: shape.bankCount,
                                   books: shape.breakerBookCount, memory: memory)
        ledgers = BankLedgers(banks: shape.bankCount, pools: shape.poolCount, books: shape.breakerBookCount, memory: memory)
        bankYearCaps = BankYearAllowances(programme: model.perBankYearCap, poolCaps: model.scenario.pools.map(\.perBankYearCap),
                                          banks: shape.bankCount, memory: memory)
        reach = ReachLedger(cohorts: shape.cohortCount, banks: shape.bankCount, memory: memory)
        guarantors = GuarantorAllowances(cohorts: shape.cohortCount, memory: memory)
        deniedThisStep = memory.buffer(shape.poolCount, false)
        factors = StepFactors(sectors: model.sectors.count, memory: memory)
        funds = model.funds.map { FundPortfolio($0, steps: model.stepCount, banks: model.bankShares.count) }
        fundRates = FundStepRates(model)
        params = PathParameters(model)
        records = RecordKeeping(model, memory: memory)
        // Who drew on the pools: each pool keeps what it paid each bank.
        if shape.cohortParts > 0 || shape.sectorParts > 0 { for p in 0..<shape.poolCount { pools[p].keepPaidByBank(banks: shape.bankCount) } }
    }

    /// Number of `Float`s `run` writes per path: balance, unpaid claims and outstanding, by step.
    static func seriesLength(_ model: CompiledScenario) -> Int { SeriesStore.names.count * model.stepCount }

    /// Simulates one path. `series` receives `SeriesStore.names.count × stepCount` values, series-major.
    mutating func run(_ rng: borrowing RandomStreamSet, series: UnsafeMutablePointer<Float>) -> PathOutcome {
        let m = model
        let steps = m.stepCount
        var out = PathOutcome()
        out.pools = Array(repeating: PoolOutcome(), count: shape.poolCount)
        out.bankFirstSuspension = Array(repeating: -1, count: shape.bankCount)
        if shape.sectorCount > 0 { out.bySector = Array(repeating: 0, count: shape.sectorCount * SectorFigure.allCases.count) }
        resetPath(&out, rng: rng)
        weighting.drawWeight = 1
        if let design = weighting.design, design.plainShare > 0 { weighting.shiftedPath = rng[layout.macro].uniform() >= design.plainShare }
        if let draws = m.parameterDraws { out.parameterDraw = drawParameters(draws, rng: rng[layout.parameters]) }
        out.checkpoints = Array(repeating: 0, count: m.scenario.record.count)
        out.budgetByYear = Array(repeating: 0, count: m.years * BudgetFlow.allCases.count)
        out.poolCostByYear = Array(repeating: 0, count: m.years * shape.poolCount)
        for k in records.budgetBefore.indices { records.budgetBefore[k] = 0 }
        for p in records.poolCostBefore.indices { records.poolCostBefore[p] = 0 }

        var z = 0.0
        weighting.importanceScore = 0
        if weighting.recordInnovations { weighting.innovations.removeAll(keepingCapacity: true) }
        var fiscalBefore = 0.0, zEff = 0.0, outstanding = 0.0
        let phases = self.phases
        for t in 0..<steps {
            // The phases in their one order (`StepPhase`), the scenario's only.
            for phase in phases {
                switch phase {
                case .openStep: openStep(t)
                case .factors:
                    z = drawFactors(step: t, previous: z, rng: rng)
                    zEff = (m.macroPath?[t] ?? z) + m.macroShift[t]
                case .defaults: drawDefaults(step: t, z: zEff, rng: rng, out: &out)
                case .tapeDefaults: drawTapeDefaults(step: t, z: zEff, rng: rng[layout.tape], out: &out)
                case .funds: fundStep(step: t, z: zEff, rng: rng, out: &out)
                case .recoveries: receiveRecoveries(step: t, out: &out)
                case .claimsFiled: fileClaims(step: t, out: &out)
                case .payments: payClaims(step: t, out: &out)
                case .breakers: evaluateBreakers(step: t, out: &out)
                case .accruals: accrue(step: t, out: &out)
                case .lending: outstanding = matureAndOriginate(step: t, rng: rng, out: &out)
                case .stepEnd: fiscalBefore = recordStep(t, outstanding: outstanding, fiscalBefore: fiscalBefore, series: series, out: &out)
                }
            }
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
        for p in 0..<shape.poolCount {
            let cp = m.pools[p]
            pools[p].openStep(topUp: m.topUps.amount(step: t, pool: p), interestRate: cp.interestPerStep, feeRate: cp.feePerStep)
            deniedThisStep[p] = false
        }
        ledgers.openStep()
    }

    /// Step `t`'s macro factor (returned) and sector factors: one normal each from its own stream; under
    /// a t copula, the step's mixing from its own stream.
    mutating func drawFactors(step t: Int, previous z: Double, rng: borrowing RandomStreamSet) -> Double {
        let m = model
        for k in 0..<factors.sectorZ.count {
            factors.sectorZ[k] = m.sectors[k].next(previous: t == 0 ? nil : factors.sectorZ[k], innovation: rng[layout.sector(k)].normal())
        }
        if !m.copula.isGaussian { factors.mixing = m.copula.mixing(rng[layout.copula]) }
        var eta = rng[layout.macro].normal()
        if let importance = weighting.importance {
            if weighting.shiftedPath { eta += importance.shifts[t] }
            weighting.importanceScore += importance.direction[t] * eta
            if weighting.recordInnovations { weighting.innovations.append(eta) }
        }
        return m.macro.next(previous: t == 0 ? nil : z, innovation: eta)
    }

    /// End of step `t`: the series (balance, unpaid claims, outstanding), the discounted fiscal cost
    /// and the record's checkpoints. Returns the fiscal cost so far.
    mutating func recordStep(_ t: Int, outstanding: Double, fiscalBefore: Double, series: UnsafeMutablePointer<Float>,
                             out: inout PathOutcome) -> Double {
        let steps = model.stepCount
        var balance = 0.0, unpaid = 0.0
        for p in 0..<shape.poolCount {
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
        for p in 0..<shape.poolCount { pools[p].reset(initial: m.pools[p].initial) }
        claims.reset()
        for i in records.loansFiledByStep.indices { records.loansFiledByStep[i] = 0 }
        records.loansFiledSoFar = 0
        recoveries.reset()
        breakers.resetPath()
        for i in lending.bankCarry.indices { lending.bankCarry[i] = 0 }
        ledgers.resetPath()
        if shape.cohortParts > 0 { work.cohortSums.reset() }
        if shape.sectorParts > 0 { work.sectorSums.reset() }
        for f in funds.indices { funds[f].reset(years: m.years) }
        if let tape = tapeLedger {
            tape.reset()
            out.initialLoans += Double(tape.tape.count)
            for t in FirmType.allCases {
                out.distinctFirms[t] += tape.tape.firmsByType[t]
                out.firmPopulation[t] += tape.tape.firmsByType[t]
            }
            startTapeLinkage(&out)
        }
        for c in 0..<shape.cohortCount {
            lending.books[c].reset()
            lending.entrantCarry[c] = 0
            lending.linked[c] = 0
            let cohort = m.cohorts[c]
            out.firmPopulation[cohort.firmType] += Double(cohort.firms)
            guard cohort.eligible else {
                lending.idle[c] = 0
                reach.untouched[c] = 0
                continue
            }
            lending.idle[c] = cohort.firms - cohort.initialBorrowers
            reach.untouched[c] = lending.idle[c]
            out.distinctFirms[cohort.firmType] += Double(cohort.initialBorrowers)
            let split = Apportion.largestRemainder(cohort.initialBorrowers, shares: m.bankShares)
            for b in 0..<shape.bankCount { lending.books[c].append(bank: b, start: 0, count: split[b]) }
            out.initialLoans += Double(cohort.initialBorrowers)
            if let l = m.linkage, cohort.linkageShare > 0 {
                lending.linked[c] = rng[layout.linkage(c)].binomial(cohort.initialBorrowers, cohort.linkageShare)
                out.linkedFirms += Double(lending.linked[c])
                out.linkageInvested += Double(lending.linked[c]) * l.cost
            }
        }
    }

    /// Start of a year: pools' refill rules, the per-bank-year compensation allowances (from each bank's
    /// balance now, the end of the prior year) and the guarantors' payout allowances.
    mutating func openYear(step t: Int) {
        let m = model
        if t > 0 { for p in 0..<shape.poolCount { pools[p].openYear(refill: m.pools[p].refill) } }
        guard shape.needsYearState else { return }
        for b in 0..<shape.bankCount { ledgers.outstanding[b] = tapeBalance(bank: b).all + (funds.isEmpty ? 0 : fundLoanBalance(bank: b, at: t)) }
        for c in 0..<shape.cohortCount {
            let cohort = m.cohorts[c]
            var cohortBalance = tapeLedger?.balance(rules: c) ?? 0
            for b in 0..<shape.bankCount {
                let v = lending.books[c].balance(bank: b, at: t)
                ledgers.outstanding[b] += v
                cohortBalance += v
            }
            guarantors.openYear(cohort: c, parties: cohort.parties, balance: cohortBalance)
        }
        if bankYearCaps.anyOwn { fillPoolBasis(step: t) }
        bankYearCaps.openYear(outstanding: ledgers.outstanding)
    }

}
