import Foundation
import RiskModel

/// The city's funds in the path loop (docs/model.md §3.11): each fund's step after the loans' defaults,
/// on the same factors, from its own stream.
extension PathEngine {
    /// Step `t` of every fund: new investments at the start of an investment year, the management fee,
    /// then each tracked firm's latent variable: below the default threshold it fails (its fund-backed
    /// loan defaults with it), above the exit threshold it exits, else it may be sold at cost at the
    /// end of the holding period or get its follow-on; fund-backed loans at the end of their term are repaid.
    mutating func fundStep(step t: Int, z zEff: Double, rng: borrowing RandomStreamSet, out: inout PathOutcome) {
        for f in funds.indices {
            let spec = funds[f].spec
            let frng = rng[layout.fund(f)]
            if t < spec.investmentSteps && t % spec.stepsPerYear == 0 { investFund(f, step: t, rng: frng, out: &out) }
            if t < spec.grantSteps && t % spec.stepsPerYear == 0 { makeGrants(f, step: t) }
            funds[f].chargeFee(step: t)
            prepareFundLaws(spec, step: t, z: zEff)
            let fund = spec.fund
            for i in 0..<funds[f].count where funds[f].start[i] < t
                && (funds[f].held[i] || funds[f].awaitingRound[i] || funds[f].loanBank[i] >= 0) {
                let k = funds[f].firmClass[i]
                let u = frng.uniform()
                if u < fundRates.failure[k] {
                    if funds[f].held[i] || funds[f].awaitingRound[i] { funds[f].fail(i) }
                    if funds[f].loanBank[i] >= 0 { fundLoanDefault(f, firm: i, step: t, z: zEff, rng: frng, out: &out) }
                    continue
                }
                if funds[f].awaitingRound[i] {
                    if u > 1 - fundRates.round[k] {
                        funds[f].convert(i, step: t)
                    } else if t - funds[f].start[i] >= spec.grantWindowSteps {
                        funds[f].awaitingRound[i] = false
                    }
                    continue
                }
                guard funds[f].held[i] else { continue }
                let age = t - funds[f].start[i]
                if u > 1 - fundRates.exit[k] {
                    funds[f].exit(i, multiple: fund.exitMultiple.min * pow(frng.uniformPositive(), -1 / fund.exitMultiple.paretoAlpha), step: t)
                } else if age >= spec.holdingSteps {
                    funds[f].sellAtCost(i, step: t)
                } else if age == spec.stepsPerYear && !funds[f].isGrant[i] {
                    funds[f].followOn(i, step: t)
                }
            }
            for i in 0..<funds[f].count where funds[f].loanBank[i] >= 0 && t + 1 >= funds[f].loanEnd[i] {
                funds[f].liveLoans[funds[f].loanBank[i]] -= 1
                funds[f].loanBank[i] = -1
            }
        }
    }

    /// Each class's probabilities in step `t` given the factors: failure `Φ((c_f·s − a z − b z_s)/√(1−a²−b²))`
    /// with the fund's PD multiplier in `c_f`, and exit `Φ((a z + b z_s − c_exit·s)/√(1−a²−b²))`.
    mutating func prepareFundLaws(_ spec: CompiledFund, step t: Int, z zEff: Double) {
        for (k, cls) in spec.classes.enumerated() {
            let c = cls.cohort, j = t * shape.cohortCount + c
            let sector = shape.cohortSectorFactor[c]
            let shift = params.macroLoadings[j] * zEff + model.sectorLoadings[j] * (sector >= 0 ? factors.sectorZ[sector] : 0)
            fundRates.failure[k] = Normal.cdf((spec.threshold(params.thresholds[j]) * factors.mixing - shift) * params.inverseScales[j])
            fundRates.exit[k] = Normal.cdf((shift - spec.exitThreshold * factors.mixing) * params.inverseScales[j])
            fundRates.round[k] = cls.grant ? Normal.cdf((shift - spec.roundThreshold * factors.mixing) * params.inverseScales[j]) : 0
        }
    }

    /// Fund `f`'s new firms in step `t`: per class, its firms of the year, each with a ticket from the
    /// ticket law while the commitment less the follow-on reserve allows; a `borrow_share` of them take
    /// a loan of their class's rules cohort at a bank drawn by the banks' shares.
    mutating func investFund(_ f: Int, step t: Int, rng: StreamRef, out: inout PathOutcome) {
        let spec = funds[f].spec
        for (k, cls) in spec.classes.enumerated() where !cls.grant {
            for _ in 0..<cls.byYear[t / spec.stepsPerYear] {
                let ticket = model.fundTicketSamplers[f]?.sample(rng) ?? spec.ticket.fixed
                guard let i = funds[f].invest(class: k, ticket: ticket, step: t) else { continue }
                guard spec.fund.borrowShare > 0, rng.uniform() < spec.fund.borrowShare else { continue }
                let bank = pickBank(rng.uniform())
                funds[f].loanBank[i] = bank
                funds[f].loanStart[i] = t
                funds[f].loanEnd[i] = t + model.cohorts[cls.loanCohort].termSteps
                funds[f].liveLoans[bank] += 1
                funds[f].outcome.loans += 1
                out.fundBackedLoans += 1
            }
        }
    }

    /// Fund `f`'s grants (拨投结合) of step `t`: per grant class, its firms of the year.
    mutating func makeGrants(_ f: Int, step t: Int) {
        let spec = funds[f].spec
        guard let amount = spec.fund.grantToEquity?.amount else { return }
        for (k, cls) in spec.classes.enumerated() where cls.grant {
            for _ in 0..<cls.byYear[t / spec.stepsPerYear] { funds[f].grant(class: k, amount: amount, step: t) }
        }
    }

    /// The bank whose cumulative share first exceeds `u`.
    func pickBank(_ u: Double) -> Int {
        var sum = 0.0
        for b in 0..<shape.bankCount {
            sum += model.bankShares[b]
            if u < sum { return b }
        }
        return shape.bankCount - 1
    }

    /// Firm `i`'s fund-backed loan defaults in step `t` with its firm: sized, shared and claimed by its
    /// rules cohort like any programme loan (`defaultOneLoan`, `bookDefaults`).
    mutating func fundLoanDefault(_ f: Int, firm i: Int, step t: Int, z: Double, rng: StreamRef, out: inout PathOutcome) {
        let c = funds[f].spec.classes[funds[f].firmClass[i]].loanCohort
        let bank = funds[f].loanBank[i]
        var shares = LossShares()
        for p in 0..<shape.poolCount { work.groupPool[p] = 0 }
        defaultOneLoan(cohort: c, bank: bank, factor: fundLoanFactor(f, firm: i, cohort: c, at: t),
                       lossPerExposure: work.hot.lossPerExposure[t * shape.cohortCount + c] * work.lgdScale[c], step: t, z: z, rng: rng, shares: &shares, out: &out)
        bookDefaults(1, shares, bank: bank, filing: t + work.hot.claimLag[c], cohort: c, sector: shape.cohortSector[c],
                     books: shape.breakerWholeMask, out: &out)
        funds[f].liveLoans[bank] -= 1
        funds[f].loanBank[i] = -1
        funds[f].outcome.loanDefaults += 1
    }

    /// The outstanding share of firm `i`'s loan during step `t` (1 for bullet loans).
    func fundLoanFactor(_ f: Int, firm i: Int, cohort c: Int, at t: Int) -> Double {
        let cohort = model.cohorts[c]
        return cohort.amortising ? 1 - Double(t - funds[f].loanStart[i]) / Double(cohort.termSteps) : 1
    }

    /// Firm `i`'s loan outstanding during step `t`, at its rules cohort `c`'s mean size.
    func fundLoanBalance(_ f: Int, firm i: Int, cohort c: Int, at t: Int) -> Double {
        model.cohorts[c].meanSize * fundLoanFactor(f, firm: i, cohort: c, at: t)
    }

    /// The fund-backed loans outstanding at bank `b` during step `t`.
    func fundLoanBalance(bank b: Int, at t: Int) -> Double {
        var total = 0.0
        for f in funds.indices where funds[f].liveLoans[b] > 0 {
            for i in 0..<funds[f].count where funds[f].loanBank[i] == b {
                total += fundLoanBalance(f, firm: i, cohort: funds[f].spec.classes[funds[f].firmClass[i]].loanCohort, at: t)
            }
        }
        return total
    }

    /// Step `t`'s accruals on the fund-backed loans, by their rules cohort and bank.
    mutating func accrueFundLoans(step t: Int, capitalPerStep: Double, out: inout PathOutcome) {
        var totals = AccrualTotals(out)
        for f in funds.indices {
            for i in 0..<funds[f].count where funds[f].loanBank[i] >= 0 && funds[f].loanStart[i] <= t {
                let c = funds[f].spec.classes[funds[f].firmClass[i]].loanCohort
                accrue(balance: fundLoanBalance(f, firm: i, cohort: c, at: t), cohort: model.cohorts[c], bank: funds[f].loanBank[i],
                       capitalPerStep: capitalPerStep, into: &totals)
            }
        }
        totals.store(into: &out)
    }

    /// The horizon: each fund's NAV, multiples and IRR, into the path's outcome.
    mutating func finishFunds(_ out: inout PathOutcome) {
        guard !funds.isEmpty else { return }
        out.funds = funds.indices.map { f in
            funds[f].finish(stepMonths: model.stepMonths)
            return funds[f].outcome
        }
    }
}
