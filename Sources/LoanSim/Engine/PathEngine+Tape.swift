import Foundation
import RiskModel

/// The loan tape's phases of a step (docs/model.md §3.10): its loans default one by one with their own
/// PDs, amounts and rules; they start and mature on their own dates; their balances join the accruals,
/// the breakers' and caps' bases and the outstanding series.
extension PathEngine {
    /// Step `t`'s tape defaults, class by class: `Binomial(n, P)` candidates drawn uniformly without
    /// replacement among the class's `n` live loans (a partial shuffle of its slots), each kept with
    /// probability `p_i / P` (see `CompiledTape`).
    mutating func drawTapeDefaults(step t: Int, z: Double, rng: StreamRef, out: inout PathOutcome) {
        guard let ledger = tapeLedger else { return }
        let tape = ledger.tape
        let classes = tape.classCount
        for k in 0..<classes {
            let n = ledger.liveLoans(inClass: k)
            guard n > 0 else { continue }
            let (shift, scale) = classFactors(k, tape: tape, step: t, z: z)
            let top = Normal.cdf((tape.classThreshold[t * classes + k] * factors.mixing - shift) * scale)
            tapeScratch.top[k] = top
            let candidates = rng.binomial(n, top)
            guard candidates > 0 else { continue }
            let base = tape.classOffset[k]
            tapeScratch.defaulted.removeAll(keepingCapacity: true)
            for j in 0..<candidates {
                ledger.swapSlots(base + j, base + j + rng.uniformInt(n - j))
                let i = ledger.loan(inSlot: base + j)
                let p = Normal.cdf((tape.threshold(i, step: t) * factors.mixing - shift) * scale)
                if p >= top || rng.uniform() * top < p { tapeScratch.defaulted.append(i) }
            }
            for i in tapeScratch.defaulted {
                ledger.remove(i, defaulted: true)
                defaultTapeLoan(i, tape: tape, step: t, z: z, rng: rng, out: &out)
                if tape.linkedIndex[i] >= 0 && !ledger.hasExited(linked: tape.linkedIndex[i]) { out.linkedDefaults += 1 }
            }
        }
        if !tape.linkedLoans.isEmpty { tapeExits(step: t, z: z, rng: rng, out: &out) }
    }

    /// Step `t`'s exits of linked tape loans, after its defaults: a live linked firm whose stake is still
    /// held exits with P(exit | no default) = P(exit) / (1 − p_i) (its latent variable's upper tail, as
    /// the cohorts' linkage leg), the stake sold at stake × entry value × a Pareto multiple (a warrant:
    /// the gain above 1). Per class, candidates are visited with probability `B = P(exit) / (1 − P)` (P
    /// the class's largest PD this step) by geometric skips, and kept with probability `(1 − P) / (1 −
    /// p_i)`, so each firm exits with exactly its own probability; `p_i` is computed only when needed.
    mutating func tapeExits(step t: Int, z: Double, rng: StreamRef, out: inout PathOutcome) {
        guard let ledger = tapeLedger, let l = model.linkage else { return }
        let tape = ledger.tape
        var group = (-1, -2)
        var exit = 0.0, shift = 0.0, scale = 1.0
        for k in 0..<tape.classCount where tape.linkedOffset[k] < tape.linkedOffset[k + 1] && ledger.liveLoans(inClass: k) > 0 {
            if group != (tape.classRules[k], tape.classSector[k]) {
                // P(exit) depends on the rules cohort and the sector factor only.
                group = (tape.classRules[k], tape.classSector[k])
                (shift, scale) = classFactors(k, tape: tape, step: t, z: z)
                exit = Normal.cdf((shift - l.exitThreshold * factors.mixing) * scale)
            }
            let keepAll = 1 - tapeScratch.top[k]
            let bound = min(1, exit / max(1e-300, keepAll))
            guard bound > 0 else { continue }
            let logMiss = log1p(-bound)
            var j = tape.linkedOffset[k] - 1
            while true {
                j += 1
                if bound < 1 { j += Int(min(1e15, (log(rng.uniformPositive()) / logMiss).rounded(.down))) }
                guard j < tape.linkedOffset[k + 1] else { break }
                let i = tape.linkedLoans[j]
                guard ledger.isLive(i), !ledger.hasExited(linked: j) else { continue }
                // Keep with probability P(exit) / ((1 − p_i) · B); below P(exit) / B it is a keep whatever p_i.
                let u = rng.uniform() * bound
                if u >= exit {
                    let p = Normal.cdf((tape.threshold(i, step: t) * factors.mixing - shift) * scale)
                    guard u * (1 - p) < exit else { continue }
                }
                ledger.markExited(linked: j)
                out.exits += 1
                out.linkageProceeds += exitProceeds(stake: tape.linkedStake[j], rng: rng)
            }
        }
    }

    /// A class's `a Z + b S` and `1/√(1−a²−b²)` in step `t` (its rules cohort's loadings, its sector factor).
    func classFactors(_ k: Int, tape: CompiledTape, step t: Int, z: Double) -> (shift: Double, scale: Double) {
        let idx = t * shape.cohortCount + tape.classRules[k]
        let s = tape.classSector[k] >= 0 ? factors.sectorZ[tape.classSector[k]] : 0
        return (params.macroLoadings[idx] * z + model.sectorLoadings[idx] * s, params.inverseScales[idx])
    }

    /// What a linked tape loan's stake cost (0 for a warrant), returned at cost when its loan ends or at
    /// the horizon.
    func tapeStakeCost(linked j: Int) -> Double {
        guard let l = model.linkage, let tape = tapeLedger?.tape else { return 0 }
        return l.cost(stake: tape.linkedStake[j])
    }

    /// A new path: the tape's linked firms and what their stakes cost.
    func startTapeLinkage(_ out: inout PathOutcome) {
        guard let tape = tapeLedger?.tape, !tape.linkedLoans.isEmpty else { return }
        out.linkedFirms += Double(tape.linkedLoans.count)
        for j in tape.linkedLoans.indices { out.linkageInvested += tapeStakeCost(linked: j) }
    }

    /// At the horizon: stakes still held in live tape loans, marked at cost.
    func finishTapeLinkage(_ out: inout PathOutcome) {
        guard let ledger = tapeLedger else { return }
        for (j, i) in ledger.tape.linkedLoans.enumerated() where ledger.isLive(i) && !ledger.hasExited(linked: j) {
            out.linkageProceeds += tapeStakeCost(linked: j)
        }
    }

    /// Tape loan `i` defaults in step `t` with its whole amount outstanding (tape loans are bullet): its
    /// loss net of its own collateral share, shared by its rules cohort's rules at its bank (no pool
    /// claim for a loan in an ineligible innovation band), its pledged IP disposed of, all booked.
    mutating func defaultTapeLoan(_ i: Int, tape: CompiledTape, step t: Int, z: Double, rng: StreamRef, out: inout PathOutcome) {
        let c = tape.rules[i], bank = tape.bank[i]
        // A downturn LGD moves each tape loan's own LGD by its rules cohort's factor this step.
        let lossPerExposure = tape.lgd[i] * work.lgdScale[c] * (1 - tape.collateralShare[i] * (1 - model.collateralHaircuts[t * shape.cohortCount + c]))
        var one = LossSharing.oneLoan(exposure: tape.amount[i], lossPerExposure: lossPerExposure, cohort: c, bank: bank, model: model,
                                      guarantorAllowance: &guarantors.left[c], schemeClaim: &work.schemeClaim, poolPart: &work.poolPart)
        if !tape.compensated[i] {
            one.bankRetained += one.poolClaim
            one.poolClaim = 0
            for p in 0..<shape.poolCount { work.poolPart[p] = 0 }
        }
        for p in 0..<shape.poolCount { work.groupPool[p] = work.poolPart[p] }
        if let ip = model.cohorts[c].ip {
            disposeIP(ip, appraised: tape.appraisedIP[i], loss: one, cohort: c, sector: tape.outputSector[i], bank: bank, step: t, z: z, rng: rng, out: &out)
        }
        bookDefaults(1, one, bank: bank, filing: t + work.hot.claimLag[c], cohort: c, sector: tape.outputSector[i], books: shape.breakerWholeMask,
                     out: &out)
    }

    /// End of step `t`: tape loans due by the next step leave the book (a linked one's stake returned at
    /// cost); those starting in it join.
    /// Returns the tape's outstanding principal for the next step.
    mutating func matureAndStartTape(step t: Int, out: inout PathOutcome) -> Double {
        guard let ledger = tapeLedger else { return 0 }
        let next = t + 1
        let tape = ledger.tape
        if next < tape.endsAt.count {
            for i in tape.endsAt[next] where ledger.isLive(i) {
                ledger.remove(i, defaulted: false)
                // A linked firm whose loan ends leaves the linkage; its stake is returned at cost.
                let j = tape.linkedIndex[i]
                if j >= 0 && !ledger.hasExited(linked: j) { out.linkageProceeds += tapeStakeCost(linked: j) }
            }
        }
        if next < model.stepCount { for i in tape.startsAt[next] { ledger.add(i) } }
        ledger.advanceSums(to: next)
        return ledger.balance
    }

    /// Step `t`'s accruals on the live tape loans, per bank, as `accrue` does for the cohorts.
    mutating func accrueTape(out: inout PathOutcome) {
        guard let ledger = tapeLedger else { return }
        for b in 0..<shape.bankCount {
            let balance = ledger.sum(bank: b, .balance)
            guard balance > 0 else { continue }
            let interest = ledger.sum(bank: b, .interest)
            let costs = balance * (model.fundingPerStep + model.operatingPerStep)
            let fees = ledger.sum(bank: b, .guaranteeFee), premiums = ledger.sum(bank: b, .premium)
            out.interestIncome += interest
            out.fundingCost += balance * model.fundingPerStep
            out.operatingCost += balance * model.operatingPerStep
            out.capitalYears += ledger.sum(bank: b, .capital)
            out.capitalYearsWithout += ledger.sum(bank: b, .capitalWithout)
            out.interestSubsidies += balance * model.interestSubsidyPerStep
            out.guaranteeFees += fees
            out.insurancePremiums += premiums
            ledgers.income[b] += interest - costs - (model.bankPaysGuaranteeFees ? fees + premiums : 0)
        }
    }

    /// The tape's live balance at `bank` and its guaranteed part (0 without a tape).
    func tapeBalance(bank b: Int) -> (all: Double, guaranteed: Double) {
        guard let ledger = tapeLedger else { return (0, 0) }
        return (ledger.sum(bank: b, .balance), ledger.sum(bank: b, .guaranteed))
    }
}
